// The council digest: computed for a period, put in words, drawn as four charts. The preview
// answers the `digest` command; the scheduled post (run-digest.ts) and the CLI use the same parts.
import { buildChart } from '../../charts/index.ts';
import { computeDigest, DEFAULT_STALL_DAYS, WEEK_MS, type CompiledTree, type Digest, type ProgressEvent } from '../../engine/index.ts';
import type { Council } from '../../store/store.ts';
import { digestText, listOf, type DigestText } from '../digest-words.ts';
import { DIGEST_CHARTS, digestChartInputs } from '../pictures.ts';
import { count } from '../plural.ts';
import type { Reply, ReplyImage, ReplySection } from '../reply.ts';
import { describeCadence, localTime, nextSlots, previousSlot, slotAtOrBefore, DEFAULT_SCHEDULE, type Schedule } from '../schedule.ts';
import { answer, type AppDeps, type Ctx } from './context.ts';

export interface DigestScope {
  readonly orgId: string;
  readonly teamIds: readonly string[];
  readonly treeIds: readonly string[];
  readonly stallDays: number;
  readonly from: Date;
  readonly to: Date;
  readonly previousFrom?: Date;
}

/** What a digest run is claimed with and rendered from, whatever the council says later. */
export interface DigestSettings {
  readonly orgId: string;
  readonly channelId: string;
  readonly platform: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly stallDays: number;
  readonly teamIds: readonly string[];
  readonly treeIds: readonly string[];
}

export function settingsOf(c: Council): DigestSettings {
  return { orgId: c.orgId, channelId: c.channelId, platform: c.platform, cron: c.cron, timeZone: c.timeZone, stallDays: c.stallDays, teamIds: c.teamIds, treeIds: c.treeIds };
}

export interface BuiltDigest {
  readonly digest: Digest;
  readonly names: Map<string, string>;
  /** The trees it covers, the default tree first when it is among them. */
  readonly trees: readonly CompiledTree[];
  /** Team id -> its events up to the end of the period, as loaded for the digest. */
  readonly events: ReadonlyMap<string, readonly ProgressEvent[]>;
}

export async function buildDigest(deps: AppDeps, scope: DigestScope): Promise<BuiltDigest> {
  const { store, catalog } = deps;
  const [teams, events, tracked] = await Promise.all([store.teams.list(scope.orgId), store.events.historyForOrg(scope.orgId, scope.to), store.teamTrees.forOrg(scope.orgId)]);
  const wanted = new Set(scope.teamIds);
  const covered = wanted.size ? teams.filter((t) => wanted.has(t.id)) : teams;
  // Without a list of its own, a council follows every tree its teams track (the default tree for a team that tracks none).
  const treeIds = new Set(scope.treeIds.length ? scope.treeIds : covered.flatMap((t) => tracked.get(t.id) ?? [catalog.defaultTreeId]));
  const trees = catalog.trees.filter((ct) => treeIds.has(ct.tree.id));
  if (trees.length === 0) trees.push(catalog.tree(catalog.defaultTreeId)!);
  const digest = computeDigest({
    trees,
    teams: covered.map((t) => ({ teamId: t.id, name: t.name, createdAt: t.createdAt, events: events.get(t.id) ?? [] })),
    from: scope.from,
    to: scope.to,
    ...(scope.previousFrom ? { previousFrom: scope.previousFrom } : {}),
    stallDays: scope.stallDays,
  });
  return { digest, names: new Map(covered.map((t) => [t.id, t.name])), trees, events };
}

export interface ComposedDigest {
  readonly built: BuiltDigest;
  readonly text: DigestText;
  readonly settings: DigestSettings;
}

/**
 * The digest of the period that ends at `to`: from the schedule's slot before it (or a week
 * before, when the schedule never fired earlier), compared with the period before that.
 */
export async function composeDigest(deps: AppDeps, settings: DigestSettings, to: Date, from?: Date): Promise<ComposedDigest> {
  const schedule: Schedule = { cron: settings.cron, timeZone: settings.timeZone };
  const start = from ?? previousSlot(schedule, to) ?? new Date(to.getTime() - WEEK_MS);
  const previousFrom = previousSlot(schedule, start) ?? new Date(start.getTime() - (to.getTime() - start.getTime()));
  const built = await buildDigest(deps, { ...settings, from: start, to, previousFrom });
  const { catalog } = deps;
  const text = digestText({
    digest: built.digest,
    names: built.names,
    titleOf: (id) => catalog.node(id)?.title ?? id,
    tierTitle: (treeId, tierId) => catalog.tree(treeId)?.tree.tiers.find((t) => t.id === tierId)?.title ?? tierId,
    timeZone: settings.timeZone,
    stallDays: settings.stallDays,
  });
  return { built, text, settings };
}

/** The four charts, drawn through the app's renderer. Throws when the app has none. */
export async function drawDigestCharts(deps: AppDeps, composed: ComposedDigest): Promise<ReplyImage[]> {
  const { renderer, catalog } = deps;
  if (!renderer) throw new Error('drawDigestCharts(): this app was created without a renderer');
  const { digest, names, trees, events } = composed.built;
  const byName = new Map([...names].map(([id, name]) => [name, events.get(id) ?? []] as const));
  // Charts have a line of room per node: the picture label where the tree gives one.
  const label = (id: string) => catalog.node(id)?.short ?? catalog.node(id)?.title ?? id;
  // The heat map and the trend show one tree: the first the council covers.
  const inputs = digestChartInputs({ digest, ct: trees[0]!, stallDays: composed.settings.stallDays, titleOf: label, events: byName });
  // One at a time: a chart's Vega view, SVG and raster are garbage before the next one starts,
  // instead of four of each alive at once (the digest's peak memory). A digest is a scheduled
  // post, so the seconds this costs on a pool of threads are not waited for by anyone typing.
  const images: ReplyImage[] = [];
  for (const { kind, title } of DIGEST_CHARTS) {
    const { png, width, height } = await renderer.render(buildChart(kind, inputs[kind] as never));
    images.push({ png, width, height, alt: `${title}, ${inputs.unlocked.period}`, filename: `${kind}.png` });
  }
  return images;
}

/** The digest as sections of a reply, each list cut at `maxItems` with "and N more". */
export function digestSections(text: DigestText, maxItems = 12): ReplySection[] {
  const sections: ReplySection[] = [{ text: text.headline }];
  for (const list of text.lists) {
    if (list.items.length === 0 && !list.empty) continue;
    const items = list.items.length > maxItems ? [...list.items.slice(0, maxItems), `…and ${list.items.length - maxItems} more`] : list.items;
    sections.push({ heading: list.heading, text: items.length ? items.map((i) => `• ${i}`).join('\n') : list.empty! });
  }
  return sections;
}

/** `digest` in chat: what the next post would say so far, to the asker only. */
export async function previewDigest(ctx: Ctx): Promise<Reply> {
  const { store, clock } = ctx.deps;
  const council = ctx.conv.channelId ? await store.councils.forChannel(ctx.conv.channelId) : undefined;
  const now = clock();
  const settings: DigestSettings = council
    ? settingsOf(council)
    : { orgId: ctx.conv.orgId, channelId: ctx.conv.channelId ?? '', platform: ctx.conv.platform, ...DEFAULT_SCHEDULE, stallDays: DEFAULT_STALL_DAYS, teamIds: [], treeIds: [] };
  const schedule = { cron: settings.cron, timeZone: settings.timeZone };
  const from = slotAtOrBefore(schedule, now) ?? new Date(now.getTime() - WEEK_MS);
  const composed = await composeDigest(ctx.deps, settings, now, from.getTime() < now.getTime() ? from : new Date(now.getTime() - WEEK_MS));
  const next = nextSlots(schedule, now, 1)[0]!;
  const teams = composed.built.digest.teams.length;
  const note = council
    ? `Preview, only you see it: the digest so far. It is posted here ${describeCadence(council.cron).replace(/^./, (c) => c.toLowerCase())} (${council.timeZone}); next on ${localTime(next, council.timeZone)}.${council.pausedAt ? ` Paused: ${council.pauseReason ?? 'the channel was unreachable'}; an admin can type \`council here\` to resume.` : ''}`
    : 'This channel has no council, so the preview covers every team. An admin can type `council here` to post the digest here on a schedule.';
  const covered = teams ? `Covers ${count(teams, 'team')}: ${listOf([...composed.built.names.values()], 8)}.` : '';
  return answer({
    title: composed.text.title.replace('Council digest', 'Digest preview'),
    sections: [...digestSections(composed.text), { text: [covered, note].filter(Boolean).join(' ') }],
  });
}
