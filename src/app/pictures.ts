// Engine results shaped for the charts, and the tree picture the `tree` command replies with.
import type { ChartInputs, ChartRenderer, DigestChartKind } from '../charts/index.ts';
import { DAY_MS, doneByWeek, nodeStates, replay, WEEK_MS, type CompiledTree, type Digest, type ProgressEvent } from '../engine/index.ts';
import type { ReplyImage } from './reply.ts';
import type { TreePictureRequest } from './use-cases/context.ts';

/**
 * A team's tree coloured by state, drawn by `renderer`. Asked for by kind, so the layout runs
 * where the picture is drawn (a pool thread), not here.
 */
export async function drawTree(renderer: ChartRenderer, req: TreePictureRequest): Promise<ReplyImage> {
  const input = { tree: req.ct.tree, states: nodeStates(replay(req.ct, req.events)), title: req.title };
  const { png, width, height } = await renderer.render({ kind: 'tree', input });
  const slug = req.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return { png, width, height, alt: `${req.title}: the tech tree coloured by state`, filename: `${slug || 'tree'}.png` };
}

export interface DigestChartSource {
  readonly digest: Digest;
  readonly ct: CompiledTree;
  readonly stallDays: number;
  /** A node's title, whichever tree it is in. */
  readonly titleOf: (nodeId: string) => string;
  /** Team name -> its events, for the weekly trend. */
  readonly events: ReadonlyMap<string, readonly ProgressEvent[]>;
}

const dateLabel = (d: Date) => d.toISOString().slice(0, 10);

/** The four digest charts, in the order a digest shows them. */
export const DIGEST_CHARTS = [
  { kind: 'unlocked', title: 'Newly unlocked and done per team' },
  { kind: 'stalled', title: 'Days since each team last progressed' },
  { kind: 'heatmap', title: 'Maturity heat map: teams by track' },
  { kind: 'trend', title: 'Nodes done per week, last twelve weeks' },
] as const;

/** The four digest charts' inputs from one computed digest. */
export function digestChartInputs(src: DigestChartSource): Pick<ChartInputs, DigestChartKind> {
  const { digest, ct } = src;
  const title = src.titleOf;
  const unlocked = {
    rows: digest.teams.map((t) => ({ team: t.name, newlyUnlocked: t.newlyUnlocked.length, newlyDone: t.newlyDone.length })),
    period: `${dateLabel(digest.from)} to ${dateLabel(digest.to)}`,
  };
  const stalled = {
    rows: digest.teams.map((t) => ({
      team: t.name,
      daysSinceProgress: t.stall.daysSinceProgress,
      // The node the digest's words name first: what it is stuck on, else its best next node.
      stuckOn: t.stall.stuck[0] ? title(t.stall.stuck[0].nodeId) : t.next[0] ? title(t.next[0]) : '',
      stuckOnKind: t.stall.stuck[0] ? ('stuck' as const) : ('next' as const),
    })),
    thresholdDays: src.stallDays,
  };
  const summaries = digest.teams.map((t) => ({ team: t.name, s: t.summaries.find((x) => x.treeId === ct.tree.id) }));
  const heatmap = {
    tracks: ct.tree.tracks.map((t) => ({ id: t.id, title: t.title })),
    rows: summaries.flatMap(({ team, s }) => (s ? s.tracks.map((tr) => ({ team, trackId: tr.id, done: tr.done, total: tr.total - tr.skipped })) : [])),
    tierReached: summaries.map(({ team, s }) => ({ team, tier: ct.tree.tiers.find((t) => t.id === s?.tierReached)?.title ?? 'none yet' })),
  };
  const rows: ChartInputs['trend']['rows'][number][] = [];
  // A Monday-morning digest ends the week before: its own week has barely begun.
  const lastMonday = mondayOf(new Date(digest.to.getTime() - DAY_MS));
  const starts = Array.from({ length: 12 }, (_, k) => new Date(lastMonday.getTime() - (11 - k) * WEEK_MS));
  for (const [team, events] of src.events) {
    doneByWeek(ct, events, starts, WEEK_MS).forEach((done, k) => rows.push({ week: dateLabel(starts[k]!), team, done }));
  }
  return { unlocked, stalled, heatmap, trend: { rows } };
}

function mondayOf(d: Date): Date {
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
}
