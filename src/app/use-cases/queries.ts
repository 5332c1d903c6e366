// Reading progress: next, status, show, why.
import {
  compareSuggestions,
  DONE,
  nodeStates,
  rankNext,
  replay,
  statusName,
  summarise,
  whyLocked,
  type CompiledTree,
  type NodeStatus,
  type ProgressEvent,
  type TeamProgress,
} from '../../engine/index.ts';
import type { Team } from '../../store/store.ts';
import { count } from '../plural.ts';
import { replyLink, type Reply, type ReplySection, type SuggestionView } from '../reply.ts';
import { reasonWords, statusMark, tallyLine } from '../progress-words.ts';
import { answer, currentTeam, failure, requireTeam, resolveNode, teamFor, teamTrees, trackedIds, type Ctx } from './context.ts';

interface OrgView {
  readonly teams: readonly Team[];
  readonly events: ReadonlyMap<string, readonly ProgressEvent[]>;
}

async function orgView(ctx: Ctx): Promise<OrgView> {
  const { store } = ctx.deps;
  const [teams, events] = await Promise.all([store.teams.list(ctx.conv.orgId), store.events.forOrg(ctx.conv.orgId)]);
  return { teams, events };
}

/** Node id -> names of the other teams of the org that have it done: peers to ask. */
function peersFor(ct: CompiledTree, org: OrgView, exceptTeamId: string): Map<string, string[]> {
  const peers = new Map<string, string[]>();
  for (const team of org.teams) {
    if (team.id === exceptTeamId) continue;
    const p = replay(ct, org.events.get(team.id) ?? []);
    p.status.forEach((code, i) => {
      if (code !== DONE) return;
      const id = ct.nodes[i]!.id;
      peers.set(id, [...(peers.get(id) ?? []), team.name]);
    });
  }
  return peers;
}

async function progressOf(ctx: Ctx, team: Team, org?: OrgView): Promise<TeamProgress[]> {
  const events = org?.events.get(team.id) ?? (await ctx.deps.store.events.forTeam(team.id));
  return (await teamTrees(ctx, team)).map((ct) => replay(ct, events));
}

export async function next(ctx: Ctx, teamName?: string): Promise<Reply> {
  const which = await teamFor(ctx, teamName);
  if (!which.ok) return failure(which.error);
  const team = which.value;
  const own = !teamName || team.id === (await currentTeam(ctx))?.id;
  const org = await orgView(ctx);
  const progress = await progressOf(ctx, team, org);
  const ranked = progress
    .flatMap((p) => rankNext(p, { peers: peersFor(p.ct, org, team.id), limit: 5 }).map((s) => ({ s, ct: p.ct })))
    .sort((a, b) => compareSuggestions(a.s, b.s))
    .slice(0, 5);
  const whose = own ? 'your' : `${team.name}'s`;
  const inProgress = progress.flatMap((p) => p.ct.nodes.filter((_, i) => statusName(p.status[i]!) === 'in_progress'));
  const suggestions: SuggestionView[] = ranked.map(({ s, ct }) => {
    const node = ct.nodes[ct.indexOf.get(s.nodeId)!]!;
    return { node: node.id, title: node.title, reasons: s.reasons.map((r) => reasonWords(r, ctx.deps.catalog, ct, whose)) };
  });
  const sections: ReplySection[] = suggestions.map((s, k) => ({ text: `*${k + 1}. ${s.title}* (\`${s.node}\`)\n${s.reasons.map((r) => `• ${r}`).join('\n')}` }));
  if (inProgress.length) sections.push({ heading: 'In progress', text: inProgress.map((n) => `• ${n.title}`).join('\n') });
  if (suggestions.length === 0) {
    sections.unshift({ text: inProgress.length ? 'Nothing new is available until the work in progress is done.' : 'Everything unlocked is done or skipped. Well played! Type `trees` to take on another tree.' });
  }
  return answer({
    title: `What's next for ${team.name}`,
    sections,
    // Buttons record progress for the conversation's own team only.
    actions: own
      ? [
          ...suggestions.map((s) => ({ label: `Mark ${s.title} done`, command: `done ${s.node}`, style: 'primary' as const })),
          ...inProgress.slice(0, 2).map((n) => ({ label: `Finish ${n.title}`, command: `done ${n.id}` })),
        ]
      : [],
    team,
    extra: { suggestions },
  });
}

export async function status(ctx: Ctx, teamName?: string): Promise<Reply> {
  const which = await teamFor(ctx, teamName);
  if (!which.ok) return failure(which.error);
  const team = which.value;
  const progress = await progressOf(ctx, team);
  const nodes: Record<string, NodeStatus> = {};
  const sections: ReplySection[] = [];
  for (const p of progress) {
    const s = summarise(p);
    const states = nodeStates(p);
    for (const [id, st] of states) nodes[id] = st.status;
    const outOfOrder = [...states.values()].filter((st) => st.outOfOrder).map((st) => p.ct.nodes[p.ct.indexOf.get(st.nodeId)!]!.title);
    const skipped = [...states.values()].filter((st) => st.status === 'skipped').map((st) => `${p.ct.nodes[p.ct.indexOf.get(st.nodeId)!]!.title}: ${st.reason ?? 'no reason given'}`);
    const lines = [
      `*${p.ct.tree.title}*: ${s.overall.percent}% done (${s.overall.done}/${s.overall.total - s.overall.skipped}), ${s.overall.inProgress} in progress, ${s.overall.available} available, ${s.overall.locked} locked.${s.tierReached ? ` Tier reached: ${p.ct.tree.tiers.find((t) => t.id === s.tierReached)!.title}.` : ''}`,
    ];
    sections.push({ text: lines.join('\n') });
    sections.push({ heading: 'By tier', text: s.tiers.map(tallyLine).join('\n') });
    sections.push({ heading: 'By track', text: s.tracks.map(tallyLine).join('\n') });
    if (outOfOrder.length) sections.push({ heading: 'Out of order', text: `Done before their prerequisites: ${outOfOrder.join(', ')}.` });
    if (skipped.length) sections.push({ heading: 'Skipped', text: skipped.map((x) => `• ${x}`).join('\n') });
  }
  return answer({ title: `Status of ${team.name}`, sections, actions: [{ label: "What's next?", command: 'next' }], team, extra: { nodes } });
}

export async function show(ctx: Ctx, input: string): Promise<Reply> {
  const team = await currentTeam(ctx);
  const tracked = team ? await trackedIds(ctx, team) : undefined;
  const target = resolveNode(ctx, input, { verb: 'show', changes: false, ...(tracked ? { tracked } : {}) });
  if (!target.ok) return failure(target.error);
  const { node, ct } = target.value;
  // A node of a tree the team does not track: say so where the buttons would add the tree.
  const elsewhere = tracked !== undefined && !tracked.has(ct.tree.id);
  const org = await orgView(ctx);
  const mine = team ? replay(ct, org.events.get(team.id) ?? []) : undefined;
  const i = ct.indexOf.get(node.id)!;
  const state = (k: number) => (mine ? ` ${statusMark(statusName(mine.status[k]!))}` : '');
  const peers = peersFor(ct, org, team?.id ?? '').get(node.id) ?? [];
  const tier = ct.tree.tiers.find((t) => t.id === node.tier)!;
  const track = ct.tree.tracks.find((t) => t.id === node.track)!;
  const unlocks = [...ct.dependants[i]!].map((d) => ct.nodes[d]!);
  const sections: ReplySection[] = [
    { text: node.summary, fields: [
      ...(elsewhere ? [{ label: 'Tree', value: `${ct.tree.title}, which ${team!.name} does not track yet: recording progress on it adds the tree` }] : []),
      { label: 'Tier', value: tier.title },
      { label: 'Track', value: track.title },
      { label: 'Effort', value: `${node.effort.size}, ${node.effort.weeks[0]}-${node.effort.weeks[1]} person-weeks` },
      ...(mine ? [{ label: team!.name, value: `${statusName(mine.status[i]!).replace('_', ' ')}${mine.outOfOrder[i] ? ' (out of order: a prerequisite is not done)' : ''}` }] : []),
    ] },
    { heading: 'Steps', text: node.steps.map((s, k) => `${k + 1}. ${s}`).join('\n') },
    { heading: 'Requires', text: node.requires.length ? node.requires.map((r) => `• ${ct.nodes[ct.indexOf.get(r)!]!.title}${state(ct.indexOf.get(r)!)}`).join('\n') : 'Nothing: it can be started any time.' },
    { heading: 'Unlocks', text: unlocks.length ? unlocks.map((n) => `• ${n.title}`).join('\n') : 'Nothing further in this tree.' },
    { heading: 'Teams that did it', text: peers.length ? `${peers.join(', ')}: ask them how it went.` : 'No team here has done it yet: you could be the first.' },
  ];
  if (node.links.length) sections.push({ heading: 'Links', text: node.links.map((l) => `• ${replyLink(l.title, l.url)}`).join('\n') });
  const status = mine ? statusName(mine.status[i]!) : undefined;
  const adds = elsewhere ? ` (adds ${ct.tree.title})` : '';
  return answer({
    title: `${node.title} (${node.id})`,
    sections,
    actions: status === 'available' ? [{ label: `Mark done${adds}`, command: `done ${node.id}`, style: 'primary' }, { label: `Start${adds}`, command: `start ${node.id}` }]
      : status === 'locked' ? [{ label: 'Why is it locked?', command: `why ${node.id}` }] : [],
    ...(team ? { team } : {}),
  });
}

export async function why(ctx: Ctx, input: string): Promise<Reply> {
  const acting = await requireTeam(ctx);
  if (!acting.ok) return failure(acting.error);
  const team = acting.value;
  const target = resolveNode(ctx, input, { verb: 'why', changes: false, tracked: await trackedIds(ctx, team) });
  if (!target.ok) return failure(target.error);
  const { node, ct } = target.value;
  const p = replay(ct, await ctx.deps.store.events.forTeam(team.id));
  const plan = whyLocked(p, node.id)!;
  if (plan.plan.length === 0) {
    const outOfOrder = p.outOfOrder[ct.indexOf.get(node.id)!] === 1;
    const words: Record<string, string> = { done: outOfOrder ? 'is done, though out of order: type `show` on it to see which prerequisites are not' : 'is already done', skipped: 'is skipped (it counts as met)', in_progress: 'is in progress', available: 'is not locked: every prerequisite is met, so you can start it now' };
    return answer({ title: `${node.title} is ${plan.status.replace('_', ' ')}`, sections: [{ text: `${node.title} ${words[plan.status]}.` }], team,
      actions: plan.status === 'available' ? [{ label: 'Mark done', command: `done ${node.id}`, style: 'primary' }] : [] });
  }
  const title = (id: string) => ct.nodes[ct.indexOf.get(id)!]!.title;
  const steps = plan.plan.map((s, k) => `${k + 1}. ${title(s.nodeId)} (\`${s.nodeId}\`) ${s.waitingOn.length ? `after ${s.waitingOn.map(title).join(' and ')}` : s.status === 'in_progress' ? 'in progress now' : 'can start now'}`);
  const nowIds = plan.plan.filter((s) => s.waitingOn.length === 0 && s.status === 'available').map((s) => s.nodeId);
  return answer({
    title: `Why ${node.title} is locked`,
    sections: [{ text: `${team.name} needs ${count(plan.plan.length, 'more capability', 'more capabilities')} first. The plan, in order:\n${steps.join('\n')}` }],
    actions: nowIds.slice(0, 3).map((id) => ({ label: `Start ${title(id)}`, command: `start ${id}` })),
    team,
  });
}
