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
import type { CouncilChanged } from '../techtree-app.ts';
import { accepted, rejected, type Checked, type NodeRef, type UserError } from '../user-errors.ts';

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

/** A user error as the Reply that explains it (what failed, why, what to type instead). */
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

/** The team this conversation acts for, or NoTeam (told where to link or join one). */
export async function requireTeam(ctx: Ctx): Promise<Checked<Team>> {
  const team = await currentTeam(ctx);
  if (team) return accepted(team);
  return rejected(noTeam(ctx));
}

export function noTeam(ctx: Ctx): UserError {
  return { kind: 'NoTeam', where: ctx.conv.channelId && !ctx.conv.isDirect ? 'channel' : 'dm' };
}

/** A team of the conversation's org by slug or name, or UnknownTeam listing the known ones. */
export async function findTeam(ctx: Ctx, input: string): Promise<Checked<Team>> {
  const { store } = ctx.deps;
  const team = await store.teams.findBySlugOrName(ctx.conv.orgId, input.trim());
  if (team) return accepted(team);
  const known = (await store.teams.list(ctx.conv.orgId)).map((t) => t.name);
  return rejected({ kind: 'UnknownTeam', input: input.trim(), known });
}

/** `teamName` when given (any team of the org), else the conversation's own team. */
export function teamFor(ctx: Ctx, teamName?: string): Promise<Checked<Team>> {
  return teamName ? findTeam(ctx, teamName) : requireTeam(ctx);
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

const INEXACT = new Set(['prefix', 'partial', 'fuzzy']);

export interface ResolvedNode {
  readonly node: TreeNode;
  readonly ct: CompiledTree;
}

export interface Resolving {
  /** The command's verb, for the buttons offered ("done", "show"). */
  readonly verb: string;
  /** The command records progress: anything but an exact name is confirmed first. */
  readonly changes: boolean;
  /** The part of the command after the node (a reason, `--force`), kept in the buttons offered. */
  readonly rest?: string;
  /** Ids of the trees the team tracks: matches there come first, others are named with their tree. */
  readonly tracked?: ReadonlySet<string>;
}

/** The tracked tree ids of a team, as `Resolving.tracked` wants them. */
export async function trackedIds(ctx: Ctx, team: Team): Promise<ReadonlySet<string>> {
  return new Set((await teamTrees(ctx, team)).map((ct) => ct.tree.id));
}

/**
 * Resolves typed text to a node. A prefix, a fragment or a typo is fine to look at, but before
 * changing anything the user confirms it: never a silent wrong match. The team's tracked trees
 * are searched first; a node of another tree is offered with its tree named, and recording it
 * (which makes the team track that tree) needs its exact id.
 */
export function resolveNode(ctx: Ctx, input: string, how: Resolving): Checked<ResolvedNode> {
  const { catalog } = ctx.deps;
  const { verb, changes, tracked } = how;
  const result: MatchResult = catalog.matcher.match(input, tracked ? { prefer: tracked } : {});
  const tail = how.rest ? ` ${how.rest}` : '';
  const named = (n: TreeNode): NodeRef => {
    const ct = catalog.treeOf(n.id)!;
    return tracked && !tracked.has(ct.tree.id) ? { ...ref(n), tree: ct.tree.title } : ref(n);
  };
  if (!result.ok) {
    const e = result.error;
    if (e.kind === 'EmptyNodeName') return rejected({ kind: 'MissingArgument', command: verb, usage: `${verb} <node>` });
    if (e.kind === 'AmbiguousNode') {
      const candidates = e.candidates.map(named);
      return rejected({ kind: 'AmbiguousNode', input: e.input, candidates, verb, tail, ...(changes && candidates.some((c) => c.tree) ? { addsTree: true } : {}) });
    }
    return rejected({ kind: 'UnknownNode', input: e.input, suggestions: e.suggestions.map(named) });
  }
  const elsewhere = tracked !== undefined && !tracked.has(result.treeId);
  if (changes && (INEXACT.has(result.via) || (elsewhere && result.via !== 'id'))) {
    return rejected({ kind: 'DidYouMean', input: input.trim(), node: named(result.node), verb, tail, exact: !INEXACT.has(result.via), ...(elsewhere ? { addsTree: true } : {}) });
  }
  return accepted({ node: result.node, ct: catalog.tree(result.treeId)! });
}
