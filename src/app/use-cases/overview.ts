// The tree picture, the list of trees, help, and the App Home overview.
import { replay, statusName, summarise } from '../../engine/index.ts';
import { USAGE } from '../grammar.ts';
import { drawTree } from '../pictures.ts';
import { tallyLine } from '../progress-words.ts';
import type { Reply, ReplyImage, ReplySection } from '../reply.ts';
import { answer, currentTeam, refuse, requireTeam, teamTrees, type Ctx } from './context.ts';
import { next } from './queries.ts';

const MARK: Record<string, string> = { done: '✓', skipped: '–', in_progress: '…', available: '○', locked: '✗' };

export async function tree(ctx: Ctx, treeId?: string): Promise<Reply> {
  const team = await requireTeam(ctx);
  const tracked = await teamTrees(ctx, team);
  const ct = treeId ? ctx.deps.catalog.tree(treeId.trim().toLowerCase()) : tracked[0];
  if (!ct) return refuse({ kind: 'UnknownTree', input: treeId ?? '', known: ctx.deps.catalog.trees.map((t) => t.tree.id) });
  const events = await ctx.deps.store.events.forTeam(team.id);
  const p = replay(ct, events);
  const sections: ReplySection[] = ct.tree.tiers.map((tier) => ({
    heading: tier.title,
    text: ct.nodes
      .map((n, i) => ({ n, i }))
      .filter(({ n }) => n.tier === tier.id)
      .map(({ n, i }) => `${MARK[statusName(p.status[i]!)]} ${n.title}${p.outOfOrder[i] ? ' (out of order)' : ''}${n.requires.length ? ` ← ${n.requires.join(', ')}` : ''}`)
      .join('\n'),
  }));
  sections.push({ text: 'Key: ✓ done, – skipped, … in progress, ○ available, ✗ locked' });
  let image: ReplyImage | undefined;
  if (ctx.options.withImages !== false && ctx.deps.renderer) {
    image = await drawTree(ctx.deps.renderer, { ct, events, title: `${ct.tree.title}: ${team.name}` });
  }
  return answer({ title: `${ct.tree.title} for ${team.name}`, sections, team, ...(image ? { image } : {}) });
}

export async function listTrees(ctx: Ctx): Promise<Reply> {
  const team = await currentTeam(ctx);
  const tracked = new Set(team ? (await teamTrees(ctx, team)).map((ct) => ct.tree.id) : []);
  return answer({
    title: 'Tech trees',
    sections: ctx.deps.catalog.trees.map((ct) => ({
      text: `*${ct.tree.title}* (\`${ct.tree.id}\`)${tracked.has(ct.tree.id) ? ' (tracked)' : ''}: ${ct.nodes.length} capabilities in ${ct.tree.tiers.length} tiers and ${ct.tree.tracks.length} tracks.\n${ct.tree.summary}`,
    })),
    actions: ctx.deps.catalog.trees.filter((ct) => !tracked.has(ct.tree.id) && team).map((ct) => ({ label: `Track ${ct.tree.title}`, command: `team track ${ct.tree.id}` })),
    ...(team ? { team } : {}),
  });
}

export function help(topic?: string): Reply {
  const groups: [string, string[]][] = [
    ['Progress', ['done <node> [--force]', 'undo <node>', 'start <node>', 'skip <node> <reason>', 'unskip <node>']],
    ['Questions', ['next [team]', 'status [team]', 'show <node>', 'why <node>', 'tree [tree-id]', 'trees']],
    ['Teams', ['team', 'team create <name>', 'team link <team>', 'team join <team>', 'team track <tree-id>']],
    ['Council (admins)', ['council', 'council here', 'council schedule "<cron>" <IANA tz>', 'council add <team>', 'council remove <team>', 'council stall <days>', 'council off', 'digest']],
  ];
  const only = topic ? Object.entries(USAGE).filter(([k]) => k.startsWith(topic)) : [];
  const sections: ReplySection[] = only.length
    ? [{ text: only.map(([, u]) => `\`${u}\``).join('\n') }]
    : [
        ...groups.map(([heading, cmds]) => ({ heading, text: cmds.map((c) => `\`${c}\``).join('\n') })),
        { text: 'In a DM or a mention, plain questions work too: "what\'s next for my team?", "we finished falco", "why is keda locked?", "how are we doing?". A <node> can be its id, title or a short name like `falco`, `argo` or `k8s`.' },
      ];
  return answer({ title: 'TechTree commands', sections });
}

export async function home(ctx: Ctx): Promise<Reply> {
  const team = await currentTeam(ctx);
  if (!team) {
    return answer({ title: 'Welcome to TechTree', sections: [{ text: 'Join a team to see its progress here: type `/techtree team join <team>`, or `/techtree team create <name>` in your team channel.' }] });
  }
  const events = await ctx.deps.store.events.forTeam(team.id);
  const trees = await teamTrees(ctx, team);
  const sections: ReplySection[] = trees.flatMap((ct) => {
    const s = summarise(replay(ct, events));
    return [{ heading: `${ct.tree.title}: ${s.overall.percent}% done`, text: s.tiers.map(tallyLine).join('\n') }];
  });
  const nextReply = await next(ctx);
  const picture = ctx.options.withImages !== false && ctx.deps.renderer ? await drawTree(ctx.deps.renderer, { ct: trees[0]!, events, title: `${trees[0]!.tree.title}: ${team.name}` }) : undefined;
  return answer({
    title: `${team.name} on TechTree`,
    sections: [...sections, { heading: "What's next", text: (nextReply.suggestions ?? []).map((s, k) => `${k + 1}. ${s.title}: ${s.reasons[0] ?? ''}`).join('\n') || 'Nothing available right now.' }],
    actions: nextReply.actions ?? [],
    team,
    ...(picture ? { image: picture } : {}),
  });
}
