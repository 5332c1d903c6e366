// Recording progress: done, undo, start, skip, unskip. Each decides inside the team's write
// transaction, so "done twice records once" holds however many requests race.
import {
  AVAILABLE,
  DONE,
  IN_PROGRESS,
  LOCKED,
  SKIPPED,
  missingPrerequisites,
  replay,
  type CompiledTree,
  type EventKind,
  type TeamProgress,
  type TreeNode,
} from '../../engine/index.ts';
import { eventsRecorded } from '../../metrics.ts';
import type { Team } from '../../store/store.ts';
import { plural } from '../plural.ts';
import type { Reply } from '../reply.ts';
import { accepted, rejected, type Checked, type UserError } from '../user-errors.ts';
import { answer, failure, ref, requireTeam, resolveNode, trackedIds, type Ctx, type ResolvedNode } from './context.ts';

interface Change {
  readonly kind: EventKind;
  readonly force?: boolean;
  readonly reason?: string;
}

type Decide = (status: number, progress: TeamProgress, i: number) => UserError | Change;

interface Outcome {
  readonly before: TeamProgress;
  readonly after: TeamProgress;
  readonly recorded: boolean;
  /** The node's tree was not tracked by the team before this change, and now is. */
  readonly addedTree: boolean;
}

/** Reads the team's events, decides, appends: all inside one write transaction. */
async function record(ctx: Ctx, team: Team, node: TreeNode, ct: CompiledTree, decide: Decide): Promise<Checked<Outcome>> {
  const { store, clock } = ctx.deps;
  const i = ct.indexOf.get(node.id)!;
  const result = await store.events.writeTeam(team.id, async (tx): Promise<(Omit<Outcome, 'addedTree'> & { kind: EventKind }) | UserError> => {
    const events = await tx.events();
    const before = replay(ct, events);
    const decision = decide(before.status[i]!, before, i);
    if (!isChange(decision)) return decision;
    const { recorded, event } = await tx.append({
      orgId: team.orgId,
      teamId: team.id,
      nodeId: node.id,
      treeId: ct.tree.id,
      kind: decision.kind,
      actor: ctx.conv.userId,
      platform: ctx.conv.platform,
      at: clock(),
      ...(decision.force ? { force: true } : {}),
      ...(decision.reason ? { reason: decision.reason } : {}),
      ...(ctx.options.idempotencyKey ? { idempotencyKey: ctx.options.idempotencyKey } : {}),
    });
    const after = recorded ? replay(ct, [...events, event]) : before;
    return { before, after, recorded, kind: decision.kind };
  });
  if (!('before' in result)) return rejected(result);
  // Counted once committed: a rolled-back write recorded nothing.
  if (result.recorded) eventsRecorded.inc({ kind: result.kind });
  // A change on another tree's node makes the team track that tree (the user was told so before
  // confirming, and the reply says it again); a read spares the usual write.
  const addedTree = !(await store.teamTrees.list(team.id)).includes(ct.tree.id);
  if (addedTree) await store.teamTrees.add(team.id, ct.tree.id);
  const { kind: _kind, ...outcome } = result;
  return accepted({ ...outcome, addedTree });
}

interface StateChanges {
  /** Locked before, available (or further) after. */
  readonly unlocked: readonly TreeNode[];
  /** Available before, locked after. */
  readonly relocked: readonly TreeNode[];
  /** Done or in progress, in order before and out of order after. */
  readonly nowOutOfOrder: readonly TreeNode[];
}

/** What a change did to the other nodes of its tree: only nodes whose state really changed. */
function stateChanges(ct: CompiledTree, o: Outcome, node: TreeNode): StateChanges {
  const self = ct.indexOf.get(node.id)!;
  const { before, after } = o;
  const pick = (changed: (i: number) => boolean) => ct.nodes.filter((_, i) => i !== self && changed(i));
  return {
    unlocked: pick((i) => before.status[i] === LOCKED && after.status[i]! >= AVAILABLE),
    relocked: pick((i) => before.status[i] === AVAILABLE && after.status[i] === LOCKED),
    nowOutOfOrder: pick((i) => before.outOfOrder[i] === 0 && after.outOfOrder[i] === 1),
  };
}

/** Says that the change made the team track the node's tree, when it did. */
function trackedNote(team: Team, ct: CompiledTree, o: Outcome): string[] {
  return o.addedTree ? [`${bold(team.name)} now tracks ${bold(ct.tree.title)} too, the tree this capability is in.`] : [];
}

const CHANGE_KINDS = new Set<string>(['done', 'undone', 'started', 'skipped', 'unskipped']);
function isChange(x: UserError | Change): x is Change {
  return CHANGE_KINDS.has(x.kind);
}

const bold = (s: string) => `*${s}*`;

export async function done(ctx: Ctx, input: string, force: boolean): Promise<Reply> {
  const target = await teamAndNode(ctx, input, 'done', force ? '--force' : '');
  if (!target.ok) return failure(target.error);
  const { team, node, ct } = target.value;
  const outcome = await record(ctx, team, node, ct, (status, progress, i) => {
    if (status === DONE) return { kind: 'AlreadyDone', node: ref(node), ...(progress.since[i] ? { since: progress.since[i] } : {}) };
    if (status === LOCKED && !force) return lockedError(progress, i, 'done');
    return { kind: 'done', force: status === LOCKED };
  });
  if (!outcome.ok) return failure(outcome.error);
  const { before, recorded } = outcome.value;
  const { unlocked } = stateChanges(ct, outcome.value, node);
  const forced = before.status[ct.indexOf.get(node.id)!] === LOCKED;
  const lines = [`${bold(team.name)} completed ${bold(node.title)}${forced ? ' (marked anyway: out of order)' : ''}.`];
  lines.push(unlocked.length ? `Unlocked: ${unlocked.map((n) => bold(n.title)).join(', ')}.` : 'Nothing new unlocked yet; type `next` for what to do now.');
  lines.push(...trackedNote(team, ct, outcome.value));
  if (!recorded) lines.push('(This request was already recorded once.)');
  return answer({
    title: `${team.name} completed ${node.title}`,
    sections: [{ text: lines.join('\n') }],
    actions: [
      ...unlocked.slice(0, 3).map((n) => ({ label: `Start ${n.title}`, command: `start ${n.id}` })),
      { label: "What's next?", command: 'next' },
      { label: 'Undo', command: `undo ${node.id}`, style: 'danger' as const },
    ],
    visibility: 'channel',
    team,
    extra: { unlocked: unlocked.map((n) => n.id) },
  });
}

/** The conversation's team and the node a changing command names, checked in that order. */
async function teamAndNode(ctx: Ctx, input: string, verb: string, rest = ''): Promise<Checked<{ team: Team } & ResolvedNode>> {
  const team = await requireTeam(ctx);
  if (!team.ok) return team;
  const target = resolveNode(ctx, input, { verb, changes: true, rest, tracked: await trackedIds(ctx, team.value) });
  return target.ok ? accepted({ team: team.value, ...target.value }) : target;
}

function lockedError(p: TeamProgress, i: number, verb: 'done' | 'start'): UserError {
  return { kind: 'Locked', node: ref(p.ct.nodes[i]!), missing: missingPrerequisites(p, i).map((r) => ref(p.ct.nodes[r]!)), verb };
}

export async function undo(ctx: Ctx, input: string): Promise<Reply> {
  const target = await teamAndNode(ctx, input, 'undo');
  if (!target.ok) return failure(target.error);
  const { team, node, ct } = target.value;
  let wasStarted = false;
  const outcome = await record(ctx, team, node, ct, (status) => {
    wasStarted = status === IN_PROGRESS;
    if (status === DONE || status === IN_PROGRESS) return { kind: 'undone' };
    return { kind: 'NotDone', node: ref(node), ...(status === SKIPPED ? { skipped: true } : {}) };
  });
  if (!outcome.ok) return failure(outcome.error);
  if (wasStarted) {
    return answer({
      title: `${team.name} stopped ${node.title}`,
      sections: [{ text: `${bold(team.name)} is no longer working on ${bold(node.title)}.` }],
      actions: [{ label: `Start ${node.title} again`, command: `start ${node.id}` }],
      visibility: 'channel',
      team,
    });
  }
  // Dependants already done stay done, but now show as out of order: say so.
  const { nowOutOfOrder, relocked } = stateChanges(ct, outcome.value, node);
  const lines = [`${bold(team.name)} undid ${bold(node.title)}; it is no longer done.`];
  const n = nowOutOfOrder.length;
  if (n) lines.push(`Heads-up: ${nowOutOfOrder.map((d) => bold(d.title)).join(', ')} ${plural(n, 'depends', 'depend')} on it and now ${plural(n, 'shows', 'show')} as out of order.`);
  if (relocked.length) lines.push(`Locked again: ${relocked.map((d) => d.title).join(', ')}.`);
  return answer({
    title: `${team.name} undid ${node.title}`,
    sections: [{ text: lines.join('\n') }],
    actions: [{ label: `Mark ${node.title} done`, command: `done ${node.id}` }],
    visibility: 'channel',
    team,
  });
}

export async function start(ctx: Ctx, input: string): Promise<Reply> {
  const target = await teamAndNode(ctx, input, 'start');
  if (!target.ok) return failure(target.error);
  const { team, node, ct } = target.value;
  const outcome = await record(ctx, team, node, ct, (status, progress, i) => {
    if (status === DONE) return { kind: 'AlreadyDone', node: ref(node) };
    if (status === IN_PROGRESS) return { kind: 'AlreadyStarted', node: ref(node) };
    if (status === SKIPPED) return { kind: 'AlreadySkipped', node: ref(node) };
    if (status === LOCKED) return lockedError(progress, i, 'start');
    return { kind: 'started' };
  });
  if (!outcome.ok) return failure(outcome.error);
  const lines = [`${bold(team.name)} started ${bold(node.title)}.`, ...trackedNote(team, ct, outcome.value), `Steps:\n${node.steps.map((s, k) => `${k + 1}. ${s}`).join('\n')}`];
  return answer({
    title: `${team.name} started ${node.title}`,
    sections: [{ text: lines.join('\n') }],
    actions: [{ label: `Mark ${node.title} done`, command: `done ${node.id}`, style: 'primary' }],
    visibility: 'channel',
    team,
  });
}

/**
 * "skip <node> <reason>": the node is the longest leading run of words that names one exactly;
 * failing that, the first word is the node and the rest the reason.
 */
function splitSkip(ctx: Ctx, rest: string, tracked: ReadonlySet<string>): Checked<ResolvedNode & { reason: string }> {
  const words = rest.split(/\s+/);
  const exact = new Set(['id', 'title', 'alias', 'tag']);
  let k = Math.min(words.length, 6);
  while (k >= 1) {
    const m = ctx.deps.catalog.matcher.match(words.slice(0, k).join(' '), { prefer: tracked });
    if (m.ok && exact.has(m.via)) break;
    k--;
  }
  const [name, reason] = k >= 1
    ? [words.slice(0, k).join(' '), words.slice(k).join(' ').replace(/^(?:because|as|--|:|-)\s*/i, '')]
    : words.length > 1 ? [words[0]!, words.slice(1).join(' ')] : [rest, ''];
  const target = resolveNode(ctx, name, { verb: 'skip', changes: true, rest: reason, tracked });
  return target.ok ? accepted({ ...target.value, reason }) : target;
}

export async function skip(ctx: Ctx, rest: string): Promise<Reply> {
  const acting = await requireTeam(ctx);
  if (!acting.ok) return failure(acting.error);
  const team = acting.value;
  const target = splitSkip(ctx, rest, await trackedIds(ctx, team));
  if (!target.ok) return failure(target.error);
  const { node, ct, reason } = target.value;
  if (!reason.trim()) return failure({ kind: 'MissingReason', node: ref(node) });
  const outcome = await record(ctx, team, node, ct, (status) => {
    if (status === SKIPPED) return { kind: 'AlreadySkipped', node: ref(node) };
    if (status === DONE) return { kind: 'AlreadyDone', node: ref(node) };
    return { kind: 'skipped', reason: reason.trim().slice(0, 500) };
  });
  if (!outcome.ok) return failure(outcome.error);
  const { unlocked } = stateChanges(ct, outcome.value, node);
  const lines = [
    `${bold(team.name)} marked ${bold(node.title)} as not applicable: "${reason.trim()}". It counts as met for what depends on it and is left out of percentages.`,
    ...(unlocked.length ? [`Unlocked: ${unlocked.map((n) => bold(n.title)).join(', ')}.`] : []),
    ...trackedNote(team, ct, outcome.value),
  ];
  return answer({
    title: `${team.name} skipped ${node.title}`,
    sections: [{ text: lines.join('\n') }],
    actions: [{ label: 'Unskip', command: `unskip ${node.id}` }],
    visibility: 'channel',
    team,
    extra: { unlocked: unlocked.map((n) => n.id) },
  });
}

export async function unskip(ctx: Ctx, input: string): Promise<Reply> {
  const target = await teamAndNode(ctx, input, 'unskip');
  if (!target.ok) return failure(target.error);
  const { team, node, ct } = target.value;
  const outcome = await record(ctx, team, node, ct, (status) => (status === SKIPPED ? { kind: 'unskipped' } : { kind: 'NotSkipped', node: ref(node) }));
  if (!outcome.ok) return failure(outcome.error);
  const { relocked } = stateChanges(ct, outcome.value, node);
  return answer({
    title: `${team.name} unskipped ${node.title}`,
    sections: [{ text: `${bold(team.name)} brought ${bold(node.title)} back into scope.${relocked.length ? `\nLocked again until it is done: ${relocked.map((n) => n.title).join(', ')}.` : ''}` }],
    visibility: 'channel',
    team,
  });
}
