// Any chart as a picture reply: the team's tree, or one of the council digest's charts.
import { buildChart, CHART_KINDS, type ChartKind } from '../../charts/index.ts';
import { DEFAULT_STALL_DAYS, WEEK_MS } from '../../engine/index.ts';
import { digestChartInputs } from '../pictures.ts';
import { count } from '../plural.ts';
import type { Reply } from '../reply.ts';
import { DEFAULT_SCHEDULE } from '../schedule.ts';
import { answer, failure, type Ctx } from './context.ts';
import { composeDigest, settingsOf } from './digest.ts';
import { tree } from './overview.ts';

const TITLES: Record<Exclude<ChartKind, 'tree'>, string> = {
  unlocked: 'Newly unlocked per team',
  stalled: 'Stalled teams',
  heatmap: 'Maturity heat map',
  trend: 'Twelve-week trend',
};

export function isChartKind(kind: string): kind is ChartKind {
  return (CHART_KINDS as readonly string[]).includes(kind);
}

export async function chart(ctx: Ctx, kind: string): Promise<Reply> {
  if (!isChartKind(kind)) return failure({ kind: 'BadCommand', input: `chart ${kind}`, suggestion: `one of ${CHART_KINDS.join(', ')}` });
  if (kind === 'tree') return tree({ ...ctx, options: { ...ctx.options, withImages: true } });
  const { renderer } = ctx.deps;
  if (!renderer) throw new Error('chart(): this app was created without a renderer');
  const { store, clock } = ctx.deps;
  const council = ctx.conv.channelId ? await store.councils.forChannel(ctx.conv.channelId) : undefined;
  const to = clock();
  const stallDays = council?.stallDays ?? DEFAULT_STALL_DAYS;
  const settings = council ? settingsOf(council) : { orgId: ctx.conv.orgId, channelId: '', platform: ctx.conv.platform, ...DEFAULT_SCHEDULE, stallDays, teamIds: [], treeIds: [] };
  const { digest, names, trees, events } = (await composeDigest(ctx.deps, settings, to, new Date(to.getTime() - WEEK_MS))).built;
  const byName = new Map([...names].map(([id, name]) => [name, events.get(id) ?? []] as const));
  // The heat map and the trend show one tree: the first the council covers.
  const titleOf = (id: string) => ctx.deps.catalog.node(id)?.title ?? id;
  const inputs = digestChartInputs({ digest, ct: trees[0]!, stallDays, titleOf, events: byName });
  const { png, width, height } = await renderer.render(buildChart(kind, inputs[kind] as never));
  return answer({
    title: TITLES[kind],
    sections: [{ text: `${TITLES[kind]}: ${count(digest.teams.length, 'team')}, ${inputs.unlocked.period}.` }],
    image: { png, width, height, alt: TITLES[kind], filename: `${kind}.png` },
  });
}
