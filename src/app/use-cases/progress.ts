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
import type { Team } from '../../store/store.ts';
import type { Reply } from '../reply.ts';
import type { UserError } from '../user-errors.ts';
import { answer, ref, refuse, requireTeam, resolveNode, type Ctx } from './context.ts';

interface Change {
  readonly kind: EventKind;
  readonly force?: boolean;
  readonly reason?: string;
}

type Decide = (status: number, progress: TeamProgress, i: number) => UserError | Change;

interface Outcome {
  readonly before: Uint8Array;
  readonly after: Uint8Array;
  readonly recorded: boolean;
}

/** Reads the team's events, decides, appends: all inside one write transaction. */
async function record(ctx: Ctx, team: Team, node: TreeNode, ct: CompiledTree, decide: Decide): Promise<Outcome> {
  const { store, clock } = ctx.deps;
  const i = ct.indexOf.get(node.id)!;
  const result = await store.events.writeTeam(team.id, async (tx): Promise<Outcome | UserError> => {
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
    return { before: before.status, after: after.status, recorded };
  });
  if (!('before' in result)) return refuse(result);
  // A change on another tree's node makes the team track that tree; a read spares the usual write.
  if (!(await store.teamTrees.list(team.id)).includes(ct.tree.id)) await store.teamTrees.add(team.id, ct.tree.id);
  return result;
}

const CHANGE_KINDS = new Set<string>(['done', 'undone', 'started', 'skipped', 'unskipped']);
function isChange(x: UserError | Change): x is Change {
  return CHANGE_KINDS.has(x.kind);
}

function titles(ct: CompiledTree, pick: (i: number) => boolean): TreeNode[] {
  return ct.nodes.filter((_, i) => pick(i));
}

const bold = (s: string) => `*${s}*`;

export async function done(ctx: Ctx, input: string, force: boolean): Promise<Reply> {
  const team = await requireTeam(ctx);
  const { node, ct } = resolveNode(ctx, input, 'done', true, force ? '--force' : '');
  const { before, after, recorded } = await record(ctx, team, node, ct, (status, progress, i) => {
    if (status === DONE) return { kind: 'AlreadyDone', node: ref(node), ...(progress.since[i] ? { since: progress.since[i] } : {}) };
    if (status === LOCKED && !force) return lockedError(progress, i, 'done');
    return { kind: 'done', force: status === LOCKED };
  });
  const unlocked = titles(ct, (i) => before[i] === LOCKED && after[i]! >= AVAILABLE && ct.nodes[i]!.id !== node.id);
  const forced = before[ct.indexOf.get(node.id)!] === LOCKED;
  const lines = [`${bold(team.name)} completed ${bold(node.title)}${forced ? ' (marked anyway: out of order)' : ''}.`];
  lines.push(unlocked.length ? `Unlocked: ${unlocked.map((n) => bold(n.title)).join(', ')}.` : 'Nothing new unlocked yet; type `next` for what to do now.');
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

function lockedError(p: TeamProgress, i: number, verb: 'done' | 'start'): UserError {
  return { kind: 'Locked', node: ref(p.ct.nodes[i]!), missing: missingPrerequisites(p, i).map((r) => ref(p.ct.nodes[r]!)), verb };
}

export async function undo(ctx: Ctx, input: string): Promise<Reply> {
  const team = await requireTeam(ctx);
  const { node, ct } = resolveNode(ctx, input, 'undo', true);
  let wasStarted = false;
  const { after } = await record(ctx, team, node, ct, (status) => {
    wasStarted = status === IN_PROGRESS;
    if (status === DONE || status === IN_PROGRESS) return { kind: 'undone' };
    return { kind: 'NotDone', node: ref(node), ...(status === SKIPPED ? { skipped: true } : {}) };
  });
  const i = ct.indexOf.get(node.id)!;
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
  const affected = [...ct.dependants[i]!].filter((d) => after[d] === DONE || after[d] === IN_PROGRESS).map((d) => ct.nodes[d]!);
  const relocked = [...ct.dependants[i]!].filter((d) => after[d] === LOCKED).map((d) => ct.nodes[d]!);
  const lines = [`${bold(team.name)} undid ${bold(node.title)}; it is no longer done.`];
  if (affected.length) lines.push(`Heads-up: ${affected.map((n) => bold(n.title)).join(', ')} depend${affected.length === 1 ? 's' : ''} on it and now show as out of order.`);
  if (relocked.length) lines.push(`Locked again: ${relocked.map((n) => n.title).join(', ')}.`);
  return answer({
    title: `${team.name} undid ${node.title}`,
    sections: [{ text: lines.join('\n') }],
    actions: [{ label: `Mark ${node.title} done`, command: `done ${node.id}` }],
    visibility: 'channel',
    team,
  });
}

export async function start(ctx: Ctx, input: string): Promise<Reply> {
  const team = await requireTeam(ctx);
  const { node, ct } = resolveNode(ctx, input, 'start', true);
  await record(ctx, team, node, ct, (status, progress, i) => {
    if (status === DONE) return { kind: 'AlreadyDone', node: ref(node) };
    if (status === IN_PROGRESS) return { kind: 'AlreadyStarted', node: ref(node) };
    if (status === SKIPPED) return { kind: 'AlreadySkipped', node: ref(node) };
    if (status === LOCKED) return lockedError(progress, i, 'start');
    return { kind: 'started' };
  });
  return answer({
    title: `${team.name} started ${node.title}`,
    sections: [{ text: `${bold(team.name)} started ${bold(node.title)}. Steps:\n${node.steps.map((s, k) => `${k + 1}. ${s}`).join('\n')}` }],
    actions: [{ label: `Mark ${node.title} done`, command: `done ${node.id}`, style: 'primary' }],
    visibility: 'channel',
    team,
  });
}

/** "skip <node> <reason>": the node is the longest leading run of words that names one exactly. */
function splitSkip(ctx: Ctx, rest: string): { node: TreeNode; ct: CompiledTree; reason: string } {
  const words = rest.split(/\s+/);
  for (let k = Math.min(words.length, 6); k >= 1; k--) {
    const m = ctx.deps.catalog.matcher.match(words.slice(0, k).join(' '));
    if (m.ok && (m.via === 'id' || m.via === 'title' || m.via === 'alias' || m.via === 'tag')) {
      return { node: m.node, ct: ctx.deps.catalog.tree(m.treeId)!, reason: words.slice(k).join(' ').replace(/^(?:because|as|--|:|-)\s*/i, '') };
    }
  }
  const reason = words.length > 1 ? words.slice(1).join(' ') : '';
  const { node, ct } = resolveNode(ctx, words.length > 1 ? words[0]! : rest, 'skip', true, reason);
  return { node, ct, reason };
}

export async function skip(ctx: Ctx, rest: string): Promise<Reply> {
  const team = await requireTeam(ctx);
  const { node, ct, reason } = splitSkip(ctx, rest);
  if (!reason.trim()) return refuse({ kind: 'MissingReason', node: ref(node) });
  const { before, after } = await record(ctx, team, node, ct, (status) => {
    if (status === SKIPPED) return { kind: 'AlreadySkipped', node: ref(node) };
    if (status === DONE) return { kind: 'AlreadyDone', node: ref(node) };
    return { kind: 'skipped', reason: reason.trim().slice(0, 500) };
  });
  const unlocked = titles(ct, (i) => before[i] === LOCKED && after[i]! >= AVAILABLE && ct.nodes[i]!.id !== node.id);
  return answer({
    title: `${team.name} skipped ${node.title}`,
    sections: [{ text: `${bold(team.name)} marked ${bold(node.title)} as not applicable: "${reason.trim()}". It counts as met for what depends on it and is left out of percentages.${unlocked.length ? `\nUnlocked: ${unlocked.map((n) => bold(n.title)).join(', ')}.` : ''}` }],
    actions: [{ label: 'Unskip', command: `unskip ${node.id}` }],
    visibility: 'channel',
    team,
    extra: { unlocked: unlocked.map((n) => n.id) },
  });
}

export async function unskip(ctx: Ctx, input: string): Promise<Reply> {
  const team = await requireTeam(ctx);
  const { node, ct } = resolveNode(ctx, input, 'unskip', true);
  const { before, after } = await record(ctx, team, node, ct, (status) => (status === SKIPPED ? { kind: 'unskipped' } : { kind: 'NotSkipped', node: ref(node) }));
  const relocked = titles(ct, (i) => before[i] === AVAILABLE && after[i] === LOCKED);
  return answer({
    title: `${team.name} unskipped ${node.title}`,
    sections: [{ text: `${bold(team.name)} brought ${bold(node.title)} back into scope.${relocked.length ? `\nLocked again until it is done: ${relocked.map((n) => n.title).join(', ')}.` : ''}` }],
    visibility: 'channel',
    team,
  });
}
