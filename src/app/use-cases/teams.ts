// Teams: create, link a channel, join, track another tree.
import { isStoreError, teamSlug, type Team } from '../../store/store.ts';
import { count } from '../plural.ts';
import type { Reply } from '../reply.ts';
import { accepted, rejected, type Checked } from '../user-errors.ts';
import { answer, currentTeam, ensureOrg, failure, findTeam, noTeam, teamTrees, type Ctx } from './context.ts';

const code = (s: string) => `\`${s}\``;

export async function showTeam(ctx: Ctx): Promise<Reply> {
  const team = await currentTeam(ctx);
  const teams = await ctx.deps.store.teams.list(ctx.conv.orgId);
  if (!team) {
    return answer({
      title: 'No team here yet',
      sections: [{ text: `This conversation isn't tied to a team. Type ${code('team create <name>')} or ${code('team link <team>')}.${teams.length ? `\nTeams: ${teams.map((t) => t.name).join(', ')}.` : ''}` }],
    });
  }
  const trees = await teamTrees(ctx, team);
  return answer({
    title: `Team ${team.name}`,
    sections: [{ text: `You're acting for *${team.name}* (\`${team.slug}\`), tracking ${trees.map((ct) => ct.tree.title).join(', ')}.`, fields: [{ label: 'Teams in this workspace', value: teams.map((t) => t.name).join(', ') }] }],
    actions: [{ label: 'Status', command: 'status' }, { label: "What's next?", command: 'next' }],
    team,
  });
}

function validName(input: string): Checked<string> {
  const name = input.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > 60 || !/[\p{L}\p{N}]/u.test(name)) return rejected({ kind: 'BadTeamName', input: input.slice(0, 80) });
  return accepted(name);
}

async function bindHere(ctx: Ctx, team: Team): Promise<string> {
  const { store } = ctx.deps;
  const { conv } = ctx;
  await store.members.join(conv.orgId, conv.userId, team.id);
  if (conv.channelId && !conv.isDirect) {
    const previous = await store.channels.teamFor(conv.channelId);
    await store.channels.link({ channelId: conv.channelId, orgId: conv.orgId, teamId: team.id, linkedBy: conv.userId });
    const moved = previous && previous.id !== team.id ? ` It was linked to ${previous.name} before; type \`team link ${previous.slug}\` to move it back.` : '';
    return `This channel is now linked to it, and you are a member.${moved}`;
  }
  return 'You are a member.';
}

export async function createTeam(ctx: Ctx, input: string): Promise<Reply> {
  const valid = validName(input);
  if (!valid.ok) return failure(valid.error);
  const name = valid.value;
  await ensureOrg(ctx);
  const { store, catalog } = ctx.deps;
  let team: Team;
  try {
    // With the delivery's key, a second run of this command (recovery after a crash between the
    // team and the rest) finds its own team and finishes below instead of answering "exists".
    team = await store.teams.create(ctx.conv.orgId, name, ctx.options.idempotencyKey);
  } catch (error) {
    if (isStoreError(error) && error.code === 'Conflict') {
      // Named as it was created ("Payments" for `team create payments`); the slug is the one taken.
      const existing = await store.teams.findBySlugOrName(ctx.conv.orgId, name);
      return failure({ kind: 'TeamExists', name: existing?.name ?? name, slug: teamSlug(name) });
    }
    throw error;
  }
  await store.teamTrees.add(team.id, catalog.defaultTreeId);
  const bound = await bindHere(ctx, team);
  return answer({
    title: `Team ${team.name} created`,
    sections: [{ text: `Created team *${team.name}*, tracking ${catalog.tree(catalog.defaultTreeId)!.tree.title}. ${bound}\nNext: ${code('next')} for where to start, or ${code('done <node>')} for what you already have.` }],
    actions: [{ label: "What's next?", command: 'next', style: 'primary' }],
    visibility: 'channel',
    team,
  });
}

export async function linkTeam(ctx: Ctx, input: string): Promise<Reply> {
  if (!ctx.conv.channelId || ctx.conv.isDirect) {
    return failure({ kind: 'NeedsChannel', command: 'team link', platform: ctx.conv.platform });
  }
  const found = await findTeam(ctx, input);
  if (!found.ok) return failure(found.error);
  const team = found.value;
  const bound = await bindHere(ctx, team);
  return answer({ title: `Linked to ${team.name}`, sections: [{ text: `Progress recorded here now counts for *${team.name}*. ${bound}` }], visibility: 'channel', team });
}

export async function joinTeam(ctx: Ctx, input: string): Promise<Reply> {
  const found = await findTeam(ctx, input);
  if (!found.ok) return failure(found.error);
  const team = found.value;
  await ctx.deps.store.members.join(ctx.conv.orgId, ctx.conv.userId, team.id);
  return answer({ title: `Joined ${team.name}`, sections: [{ text: `You're now on *${team.name}*: in DMs with me, your commands count for it.` }], team });
}

export async function trackTree(ctx: Ctx, input: string): Promise<Reply> {
  const team = await currentTeam(ctx);
  if (!team) return failure(noTeam(ctx));
  const ct = ctx.deps.catalog.tree(input.trim().toLowerCase());
  if (!ct) return failure({ kind: 'UnknownTree', input: input.trim(), known: ctx.deps.catalog.trees.map((t) => t.tree.id) });
  await ctx.deps.store.teamTrees.add(team.id, ct.tree.id);
  return answer({ title: `${team.name} tracks ${ct.tree.title}`, sections: [{ text: `*${team.name}* now tracks *${ct.tree.title}* (${count(ct.nodes.length, 'capability', 'capabilities')}). Type ${code('next')} to see where to start.` }], visibility: 'channel', team });
}
