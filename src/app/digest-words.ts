// The council digest in words: a headline, then lists a council lead can scan. Platform-neutral:
// each list is its items, so an adapter can cut it to its limits and say how many it left out.
import { DAY_MS, type Digest, type DigestTeam, type PeriodTotals } from '../engine/index.ts';

export interface DigestList {
  readonly heading: string;
  /** One line each; Markdown-light (*bold*) like ReplySection text. */
  readonly items: readonly string[];
  /** Said instead of the list when it is empty; the section is left out when absent. */
  readonly empty?: string;
}

export interface DigestText {
  readonly title: string;
  readonly headline: string;
  readonly lists: readonly DigestList[];
}

export interface DigestWordsInput {
  readonly digest: Digest;
  /** Team id -> name. */
  readonly names: ReadonlyMap<string, string>;
  /** Node id -> title, whichever tree it is in. */
  readonly titleOf: (nodeId: string) => string;
  /** Tier id -> title, for the tier each team reached. */
  readonly tierTitle: (treeId: string, tierId: string) => string;
  /** The council's time zone, for the dates in the title. */
  readonly timeZone: string;
  readonly stallDays: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "a, b and c" (or "a, b or c"); at most `max` named, then "and N more". */
export function listOf(items: readonly string[], max = 6, conjunction: 'and' | 'or' = 'and'): string {
  if (items.length === 0) return '';
  const shown = items.length > max ? [...items.slice(0, max), `${items.length - max} more`] : items;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown.at(-1)}`;
}

function ago(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.round(days / 7)} weeks ago`;
  return `${Math.round(days / 30)} months ago`;
}

const day = (d: Date, timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(d);

/** "last week" for a weekly schedule, "the day before" for a daily one, else "the period before". */
function before(digest: Digest): string {
  const start = digest.previousFrom ?? new Date(2 * digest.from.getTime() - digest.to.getTime());
  const days = Math.round((digest.from.getTime() - start.getTime()) / DAY_MS);
  if (days === 7) return 'last week';
  if (days === 1) return 'the day before';
  return 'the period before';
}

function comparison(now: PeriodTotals, previous: PeriodTotals | undefined, digest: Digest): string {
  if (!previous) return '';
  const when = before(digest);
  // A preview covers the period so far: against a whole previous period "down from" would mislead.
  const ran = (digest.to.getTime() - digest.from.getTime()) / DAY_MS;
  const full = Math.round((digest.from.getTime() - (digest.previousFrom ?? digest.from).getTime()) / DAY_MS);
  if (full > 0 && ran < full - 0.5) return ` so far (${plural(Math.max(1, Math.round(ran)), 'day')} of ${full}; ${previous.done} in all of ${when})`;
  if (previous.done === now.done) return `, as many as ${when}`;
  return `, ${now.done > previous.done ? 'up' : 'down'} from ${previous.done} ${when}`;
}

export function headline(input: DigestWordsInput): string {
  const { digest } = input;
  const teams = digest.teams.length;
  if (teams === 0) return 'No teams yet, so nothing to report: teams appear here once someone types `team create <name>`.';
  const { totals, previous } = digest;
  const stalled = digest.teams.filter((t) => t.stall.stalled);
  const cmp = comparison(totals, previous, digest);
  if (stalled.length === teams && totals.done === 0) {
    return teams === 1
      ? `${digest.teams[0]!.name} is stalled: nothing done for ${digest.teams[0]!.stall.daysSinceProgress} days.`
      : `${teams === 2 ? 'Both teams are' : `All ${teams} teams are`} stalled: nothing done this period${cmp}. The stalled list below says who could help whom.`;
  }
  if (totals.done === 0) {
    return `A quiet period: no capability done by any of the ${plural(teams, 'team')}${previous ? ` (${previous.done} ${before(digest)})` : ''}.${stalled.length ? ` ${plural(stalled.length, 'team is', 'teams are')} stalled.` : ''}`;
  }
  const movers = `${totals.teamsMoved === teams ? (teams === 1 ? 'the team' : `all ${teams} teams`) : `${totals.teamsMoved} of ${plural(teams, 'team')}`}`;
  const forced = digest.firsts.filter((f) => f.outOfOrder).length;
  const all = forced === digest.firsts.length;
  const mark = forced === 0 ? '' : ` (${all ? (forced === 1 ? '' : 'all ') : `${forced} `}marked out of order)`;
  const first = digest.firsts.length ? ` ${plural(digest.firsts.length, 'first')} for the organisation${mark}.` : '';
  const stall = stalled.length ? ` ${listOf(stalled.map((t) => t.name), 3)} ${stalled.length === 1 ? 'is' : 'are'} stalled.` : ' No team is stalled.';
  return `${plural(totals.done, 'capability', 'capabilities')} done by ${movers}${cmp}.${first}${stall}`;
}

/** "50% done, Orchestrate tier reached" or "22% done, Containerise tier not reached yet". */
function standing(t: DigestTeam, input: DigestWordsInput): string {
  const s = t.summaries[0];
  if (!s) return '';
  if (s.tierReached) return `${s.overall.percent}% done, ${input.tierTitle(s.treeId, s.tierReached)} tier reached`;
  const first = s.tiers[0];
  return `${s.overall.percent}% done, ${first ? `${input.tierTitle(s.treeId, first.id)} tier` : 'first tier'} not reached yet`;
}

function movedLine(t: DigestTeam, input: DigestWordsInput): string {
  const title = input.titleOf;
  // A node unlocked and finished within the period is reported once, as done.
  const opened = t.newlyUnlocked.filter((id) => !t.newlyDone.includes(id));
  const did = [
    // A forced `done` is news too, but the council should see that its prerequisites are still open.
    t.newlyDone.length ? `completed ${listOf(t.newlyDone.map((id) => (t.outOfOrder.includes(id) ? `${title(id)} (marked out of order)` : title(id))))}` : '',
    t.newlySkipped.length ? `skipped ${listOf(t.newlySkipped.map(title))} (not applicable)` : '',
  ].filter(Boolean);
  const first = did.length ? `*${t.name}* ${did.join(' and ')}.` : `*${t.name}* has new work open.`;
  const unlocked = opened.length ? ` Now available: ${listOf(opened.map(title), 4)}.` : '';
  const working = t.inProgress.length ? ` In progress: ${listOf(t.inProgress.map(title), 3)}.` : '';
  const where = standing(t, input);
  return `${first}${unlocked}${working}${where ? ` ${capitalise(where)}.` : ''}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What a stalled team is stuck on and what it could start, each with a peer to ask where one
 * did it: the could-start list is the engine's ranked `next`, the same the stalled chart names.
 */
function stalledLine(t: DigestTeam, input: DigestWordsInput, to: Date): string {
  const title = input.titleOf;
  const name = (id: string) => input.names.get(id) ?? id;
  const peerOf = new Map(t.peers.map((p) => [p.nodeId, p]));
  const asked = new Set<string>();
  const ask = (nodeId: string) => {
    const p = peerOf.get(nodeId);
    if (!p) return '';
    asked.add(nodeId);
    return ` (ask ${name(p.teamId)}, who did it ${ago(Math.floor((to.getTime() - p.doneAt.getTime()) / DAY_MS))})`;
  };
  const what: string[] = [];
  for (const s of t.stall.stuck.slice(0, 2)) what.push(`${title(s.nodeId)} has been in progress for ${s.days} days${ask(s.nodeId)}`);
  if (t.stall.idle) {
    const shown = t.next.slice(0, 3);
    const items = shown.map((id) => `${title(id)}${ask(id)}`);
    const more = t.stall.available.length - shown.length;
    if (more > 0) items.push(`${more} more`);
    what.push(`no progress for ${t.stall.daysSinceProgress} days; it could start ${listOf(items, items.length, 'or')}`);
  }
  const others = t.peers.filter((p) => !asked.has(p.nodeId))
    .map((p) => ` ${name(p.teamId)} did ${title(p.nodeId)} ${ago(Math.floor((to.getTime() - p.doneAt.getTime()) / DAY_MS))}: ask them.`);
  return `*${t.name}*: ${what.join('; ')}.${others.join('')}`;
}

function quietLine(teams: readonly DigestTeam[]): string {
  return teams.map((t) => `${t.name} (${t.stall.lastProgressAt ? `last progress ${ago(t.stall.daysSinceProgress)}` : 'nothing recorded yet'})`).join(', ');
}

/** The whole digest in words. */
export function digestText(input: DigestWordsInput): DigestText {
  const { digest } = input;
  const title = `Council digest: ${day(digest.from, input.timeZone)} to ${day(digest.to, input.timeZone)}`;
  if (digest.teams.length === 0) return { title, headline: headline(input), lists: [] };
  const moved = digest.teams.filter((t) => t.newlyDone.length + t.newlySkipped.length + t.newlyUnlocked.length > 0)
    .sort((a, b) => b.newlyDone.length - a.newlyDone.length || a.name.localeCompare(b.name));
  const stalled = digest.teams.filter((t) => t.stall.stalled).sort((a, b) => b.stall.daysSinceProgress - a.stall.daysSinceProgress);
  const quiet = digest.teams.filter((t) => !t.stall.stalled && !moved.includes(t));
  // A forced completion is the org's first completion all the same, but not one to celebrate
  // unqualified: its prerequisites are still open, as in the team's own line.
  const firsts = digest.firsts.map((f) => `${input.names.get(f.teamId) ?? f.teamId} was the first team to complete ${input.titleOf(f.nodeId)}${f.outOfOrder ? ' (marked out of order)' : ''}`);
  const standings = [...digest.teams]
    .sort((a, b) => (b.summaries[0]?.overall.percent ?? 0) - (a.summaries[0]?.overall.percent ?? 0) || a.name.localeCompare(b.name))
    .map((t) => `${t.name}: ${standing(t, input) || 'no tree to measure yet'}`);
  const lists: DigestList[] = [
    { heading: 'Progress this period', items: moved.map((t) => movedLine(t, input)), empty: 'No team finished, skipped or unlocked anything this period.' },
    { heading: 'Firsts in the organisation', items: firsts },
    { heading: `Stalled (no progress for ${input.stallDays}+ days, or stuck in progress)`, items: stalled.map((t) => stalledLine(t, input, digest.to)), empty: 'No team is stalled.' },
    { heading: 'Quiet this period', items: quiet.length ? [quietLine(quiet)] : [] },
    { heading: 'Where teams stand', items: standings },
  ];
  return { title, headline: headline(input), lists };
}
