// What every use case gets: its dependencies, who is asking, and small shared steps.
import type { ChartRenderer } from '../../charts/index.ts';
import type { CompiledTree, MatchResult, ProgressEvent, TreeNode } from '../../engine/index.ts';
import type { Store, Team } from '../../store/store.ts';
import type { Catalog } from '../catalog.ts';
import type { AskOptions, Conversation } from '../conversation.ts';
import { describeError } from '../error-words.ts';
import { plainText, type Reply, type ReplyAction, type ReplyImage, type ReplySection } from '../reply.ts';
import type { Logger } from '../../log.ts';
import type { DigestPoster } from '../digest-poster.ts';
import type { CouncilChanged, ProgressChanged } from '../techtree-app.ts';
import type { NodeRef, UserError } from '../user-errors.ts';

export interface TreePictureRequest {
  readonly ct: CompiledTree;
  readonly events: readonly ProgressEvent[];
  readonly title: string;
}

export interface AppDeps {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly admins: readonly string[];
  readonly clock: () => Date;
  readonly emit: (change: ProgressChanged) => void;
  /** Draws every picture; absent where pictures are not wired in (answers are text only). */
  readonly renderer?: ChartRenderer;
  /** Called after a council command changed a schedule or removed a council (BullMQ schedulers follow). */
  readonly onCouncilChanged?: (change: CouncilChanged) => Promise<void> | void;
  /** Posts scheduled digests, per platform (`slack`, `teams`). */
  readonly posters?: Readonly<Record<string, DigestPoster>>;
  readonly logger?: Logger;
}

export interface Ctx {
  readonly deps: AppDeps;
  readonly conv: Conversation;
  readonly options: AskOptions;
}

/** A use case either answers or fails with a user error; both become a Reply. */
export class Refusal {
  constructor(readonly error: UserError) {}
}

export function refuse(error: UserError): never {
  throw new Refusal(error);
}

export function failure(error: UserError, team?: Team): Reply {
  const words = describeError(error);
  return {
    ok: false,
    text: words.text,
    sections: [{ text: words.text }],
    ...(words.actions?.length ? { actions: words.actions } : {}),
    visibility: 'ephemeral',
    error,
    ...(team ? { team: { id: team.id, name: team.name } } : {}),
  };
}

export interface ReplyParts {
  readonly title?: string;
  readonly sections: readonly ReplySection[];
  readonly actions?: readonly ReplyAction[];
  readonly visibility?: Reply['visibility'];
  readonly team?: Team;
  readonly image?: ReplyImage;
  readonly extra?: Pick<Reply, 'nodes' | 'suggestions' | 'unlocked'>;
}

export function answer(parts: ReplyParts): Reply {
  return {
    ok: true,
    text: plainText(parts.title, parts.sections),
    ...(parts.title ? { title: parts.title } : {}),
    sections: parts.sections,
    ...(parts.actions?.length ? { actions: parts.actions } : {}),
    ...(parts.image ? { image: parts.image } : {}),
    visibility: parts.visibility ?? 'ephemeral',
    ...(parts.team ? { team: { id: parts.team.id, name: parts.team.name } } : {}),
    ...parts.extra,
  };
}

export const ref = (n: TreeNode): NodeRef => ({ id: n.id, title: n.title });

export async function ensureOrg(ctx: Ctx): Promise<void> {
  const { conv } = ctx;
  await ctx.deps.store.orgs.ensure({ id: conv.orgId, platform: conv.platform, name: conv.orgName ?? conv.orgId });
}

/** The team this conversation acts for: an explicit team, the channel's team, or the user's team. */
export async function currentTeam(ctx: Ctx): Promise<Team | undefined> {
  const { store } = ctx.deps;
  const { conv } = ctx;
  if (conv.teamId) {
    const team = await store.teams.get(conv.teamId);
    if (team && team.orgId === conv.orgId) return team;
  }
  if (conv.channelId && !conv.isDirect) {
    // In a channel, only its link counts: progress posted here must be the channel's team's.
    const linked = await store.channels.teamFor(conv.channelId);
    return linked && linked.orgId === conv.orgId ? linked : undefined;
  }
  return store.members.teamFor(conv.orgId, conv.userId);
}

export async function requireTeam(ctx: Ctx): Promise<Team> {
  const team = await currentTeam(ctx);
  if (team) return team;
  return refuse({ kind: 'NoTeam', where: ctx.conv.channelId && !ctx.conv.isDirect ? 'channel' : 'dm' });
}

export async function findTeam(ctx: Ctx, input: string): Promise<Team> {
  const { store } = ctx.deps;
  const team = await store.teams.findBySlugOrName(ctx.conv.orgId, input.trim());
  if (team) return team;
  const known = (await store.teams.list(ctx.conv.orgId)).map((t) => t.name);
  return refuse({ kind: 'UnknownTeam', input: input.trim(), known });
}

/** The trees a team tracks, in catalog order; a team that tracks none follows the default tree. */
export async function teamTrees(ctx: Ctx, team: Team): Promise<CompiledTree[]> {
  const { catalog, store } = ctx.deps;
  const ids = new Set(await store.teamTrees.list(team.id));
  const trees = catalog.trees.filter((ct) => ids.has(ct.tree.id));
  return trees.length > 0 ? trees : [catalog.tree(catalog.defaultTreeId)!];
}

export function isAdmin(ctx: Ctx): boolean {
  const { conv, deps } = ctx;
  return Boolean(conv.isPlatformAdmin) || deps.admins.includes(conv.userId) || deps.admins.includes(`${conv.platform}:${conv.userId}`);
}

/**
 * Resolves typed text to a node. A typo match is fine to look at, but before changing anything
 * the user confirms it: never a silent wrong match.
 */
const INEXACT = new Set(['prefix', 'partial', 'fuzzy']);

/**
 * Resolves typed text to a node. A prefix, a fragment or a typo is fine to look at, but before
 * changing anything the user confirms it: never a silent wrong match. `rest` is the part of the
 * command after the node (a reason, `--force`), kept in the buttons offered.
 */
export function resolveNode(ctx: Ctx, input: string, verb: string, changes: boolean, rest = ''): { node: TreeNode; ct: CompiledTree } {
  const result: MatchResult = ctx.deps.catalog.matcher.match(input);
  const tail = rest ? ` ${rest}` : '';
  if (!result.ok) {
    const e = result.error;
    if (e.kind === 'EmptyNodeName') return refuse({ kind: 'MissingArgument', command: verb, usage: `${verb} <node>` });
    if (e.kind === 'AmbiguousNode') return refuse({ kind: 'AmbiguousNode', input: e.input, candidates: e.candidates.map(ref), verb, tail });
    return refuse({ kind: 'UnknownNode', input: e.input, suggestions: e.suggestions.map(ref) });
  }
  if (changes && INEXACT.has(result.via)) return refuse({ kind: 'DidYouMean', input: input.trim(), node: ref(result.node), verb, tail });
  return { node: result.node, ct: ctx.deps.catalog.tree(result.treeId)! };
}
