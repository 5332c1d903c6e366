// A council's digest for one slot as files an operator can read: Markdown, JSON and the charts.
import type { Council } from '../../store/store.ts';
import type { DigestText } from '../digest-words.ts';
import type { ReplyImage } from '../reply.ts';
import { periodKey, slotAtOrBefore } from '../schedule.ts';
import type { AppDeps } from './context.ts';
import { composeDigest, drawDigestCharts, settingsOf } from './digest.ts';

export interface RenderedDigest {
  readonly councilId: string;
  readonly slot: Date;
  readonly periodKey: string;
  readonly text: DigestText;
  readonly charts: readonly ReplyImage[];
  readonly markdown: string;
  /** The digest's facts, for scripts: periods, totals, per-team lists, firsts, peers. */
  readonly json: Record<string, unknown>;
}

/** A council by id, by channel id (`slack:T1:C2`), or by the channel's own id (`C2`) when that is unique. */
export async function findCouncil(deps: AppDeps, ref: string): Promise<Council | { problem: string }> {
  const { councils } = deps.store;
  const text = ref.trim().replace(/^#/, '');
  const direct = (await councils.get(text)) ?? (await councils.forChannel(text));
  if (direct) return direct;
  const all = await councils.list();
  const matches = all.filter((c) => c.channelId.endsWith(`:${text}`));
  if (matches.length === 1) return matches[0]!;
  const known = all.map((c) => `${c.id} (${c.channelId})`).join(', ') || 'none yet';
  return { problem: matches.length ? `"${ref}" matches ${matches.length} councils; use the council id. Councils: ${known}.` : `There is no council "${ref}". Councils: ${known}. Type \`council here\` in a channel to make one.` };
}

/** Chat bold (`*Payments*`) is Markdown italics: double it. */
const bold = (line: string) => line.replace(/\*([^*\n]+)\*/g, '**$1**');

function markdown(text: DigestText, charts: readonly ReplyImage[]): string {
  const lines = [`# ${text.title}`, '', text.headline, ''];
  for (const list of text.lists) {
    if (list.items.length === 0 && !list.empty) continue;
    lines.push(`## ${list.heading}`, '', ...(list.items.length ? list.items.map((i) => `- ${bold(i)}`) : [list.empty!]), '');
  }
  for (const c of charts) lines.push(`![${c.alt}](${c.filename})`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The digest of the council's slot at or before `at`, with its charts. Undefined when the schedule never fired before `at`. */
export async function renderDigestFiles(deps: AppDeps, council: Council, at: Date): Promise<RenderedDigest | undefined> {
  const slot = slotAtOrBefore(council, at);
  if (!slot) return undefined;
  const composed = await composeDigest(deps, settingsOf(council), slot);
  const charts = await drawDigestCharts(deps, composed);
  const { digest, names } = composed.built;
  const title = (id: string) => deps.catalog.node(id)?.title ?? id;
  const json = {
    council: { id: council.id, channelId: council.channelId, cron: council.cron, timeZone: council.timeZone, stallDays: council.stallDays },
    periodKey: periodKey(slot, council.timeZone),
    from: digest.from.toISOString(),
    to: digest.to.toISOString(),
    headline: composed.text.headline,
    totals: digest.totals,
    ...(digest.previous ? { previous: digest.previous } : {}),
    teams: digest.teams.map((t) => ({
      id: t.teamId, name: t.name, newlyDone: t.newlyDone, newlyUnlocked: t.newlyUnlocked, newlySkipped: t.newlySkipped, inProgress: t.inProgress,
      stalled: t.stall.stalled, daysSinceProgress: t.stall.daysSinceProgress, stuck: t.stall.stuck,
      tierReached: t.summaries.map((s) => ({ tree: s.treeId, tier: s.tierReached ?? null, percent: s.overall.percent })),
      peers: t.peers.map((p) => ({ node: p.nodeId, title: title(p.nodeId), team: names.get(p.teamId) ?? p.teamId, doneAt: p.doneAt.toISOString() })),
    })),
    firsts: digest.firsts.map((f) => ({ node: f.nodeId, title: title(f.nodeId), team: names.get(f.teamId) ?? f.teamId, at: f.at.toISOString(), outOfOrder: f.outOfOrder })),
    charts: charts.map((c) => ({ file: c.filename, alt: c.alt, width: c.width, height: c.height })),
  };
  return { councilId: council.id, slot, periodKey: json.periodKey, text: composed.text, charts, markdown: markdown(composed.text, charts), json };
}
