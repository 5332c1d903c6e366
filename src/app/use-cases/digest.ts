// The council digest as text: a preview on demand, and the body of the weekly post.
import { computeDigest, DEFAULT_STALL_DAYS, WEEK_MS, type CompiledTree, type Digest, type ProgressEvent } from '../../engine/index.ts';
import { count } from '../plural.ts';
import type { Reply, ReplySection } from '../reply.ts';
import { answer, teamTrees, type Ctx } from './context.ts';


export interface DigestScope {
  readonly orgId: string;
  readonly teamIds: readonly string[];
  readonly treeIds: readonly string[];
  readonly stallDays: number;
  readonly from: Date;
  readonly to: Date;
}

export interface BuiltDigest {
  readonly digest: Digest;
  readonly names: Map<string, string>;
  /** The trees it covers, the default tree first when it is among them. */
  readonly trees: readonly CompiledTree[];
  /** Team id -> its events up to the end of the period, as loaded for the digest. */
  readonly events: ReadonlyMap<string, readonly ProgressEvent[]>;
}

export async function buildDigest(ctx: Ctx, scope: DigestScope): Promise<BuiltDigest> {
  const { store, catalog } = ctx.deps;
  const [teams, events] = await Promise.all([store.teams.list(scope.orgId), store.events.forOrg(scope.orgId, scope.to)]);
  const covered = scope.teamIds.length ? teams.filter((t) => scope.teamIds.includes(t.id)) : teams;
  // Without a list of its own, a council follows every tree its teams track.
  const treeIds = new Set(scope.treeIds.length ? scope.treeIds : (await Promise.all(covered.map((t) => teamTrees(ctx, t)))).flat().map((ct) => ct.tree.id));
  const trees = catalog.trees.filter((ct) => treeIds.has(ct.tree.id));
  if (trees.length === 0) trees.push(catalog.tree(catalog.defaultTreeId)!);
  const digest = computeDigest({
    trees,
    teams: covered.map((t) => ({ teamId: t.id, name: t.name, createdAt: t.createdAt, events: events.get(t.id) ?? [] })),
    from: scope.from,
    to: scope.to,
    stallDays: scope.stallDays,
  });
  return { digest, names: new Map(covered.map((t) => [t.id, t.name])), trees, events };
}

export function digestSections(ctx: Ctx, digest: Digest, names: ReadonlyMap<string, string>): ReplySection[] {
  const title = (id: string) => ctx.deps.catalog.node(id)?.title ?? id;
  const moved = digest.teams.filter((t) => t.newlyDone.length > 0);
  const stalled = digest.teams.filter((t) => t.stall.stalled);
  const sections: ReplySection[] = [];
  sections.push({
    heading: 'Progress this period',
    text: moved.length
      ? moved.map((t) => {
          // A node unlocked and finished within the period is reported once, as completed.
          const opened = t.newlyUnlocked.filter((id) => !t.newlyDone.includes(id));
          return `• *${t.name}* completed ${t.newlyDone.map(title).join(', ')}${opened.length ? `; unlocked ${opened.map(title).join(', ')}` : ''}`;
        }).join('\n')
      : 'No team completed anything this period.',
  });
  if (digest.firsts.length) {
    sections.push({ heading: 'Firsts in the organisation', text: digest.firsts.map((f) => `• ${names.get(f.teamId) ?? f.teamId} was first to ${title(f.nodeId)}`).join('\n') });
  }
  sections.push({
    heading: 'Stalled',
    text: stalled.length
      ? stalled.map((t) => {
          const stuck = t.stall.stuck.map((s) => `${title(s.nodeId)} in progress for ${count(s.days, 'day')}`);
          const idle = t.stall.idle ? [`no progress for ${count(t.stall.daysSinceProgress, 'day')} with ${t.stall.available.length} available`] : [];
          return `• *${t.name}*: ${[...idle, ...stuck].join('; ')}`;
        }).join('\n')
      : 'No team is stalled.',
  });
  return sections;
}

export async function previewDigest(ctx: Ctx): Promise<Reply> {
  const { store, clock } = ctx.deps;
  const council = ctx.conv.channelId ? await store.councils.forChannel(ctx.conv.channelId) : undefined;
  const to = clock();
  const scope: DigestScope = {
    orgId: ctx.conv.orgId,
    teamIds: council?.teamIds ?? [],
    treeIds: council?.treeIds ?? [],
    stallDays: council?.stallDays ?? DEFAULT_STALL_DAYS,
    from: new Date(to.getTime() - WEEK_MS),
    to,
  };
  const { digest, names } = await buildDigest(ctx, scope);
  const note = council ? '' : '\n(This channel has no council, so the preview covers every team. An admin can type `council here` to set one up.)';
  return answer({
    title: `Council digest preview: ${scope.from.toISOString().slice(0, 10)} to ${scope.to.toISOString().slice(0, 10)}`,
    sections: [{ text: `${count(digest.teams.length, 'team')} covered.${note}` }, ...digestSections(ctx, digest, names)],
  });
}
