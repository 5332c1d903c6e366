// The council: where the weekly digest goes, when, which teams it covers. Changes are for admins.
import type { Council } from '../../store/store.ts';
import { isValidCron, isValidTimeZone } from '../cron.ts';
import type { Reply } from '../reply.ts';
import { answer, ensureOrg, findTeam, isAdmin, refuse, type Ctx } from './context.ts';

const code = (s: string) => `\`${s}\``;

function requireAdmin(ctx: Ctx, action: string): void {
  if (!isAdmin(ctx)) refuse({ kind: 'NotAllowed', action });
}

async function requireCouncil(ctx: Ctx): Promise<Council> {
  const council = ctx.conv.channelId ? await ctx.deps.store.councils.forChannel(ctx.conv.channelId) : undefined;
  if (!council || council.orgId !== ctx.conv.orgId) return refuse({ kind: 'NoCouncil' });
  return council;
}

async function describe(ctx: Ctx, council: Council, headline: string): Promise<Reply> {
  const teams = await ctx.deps.store.teams.list(council.orgId);
  const covered = council.teamIds.length ? teams.filter((t) => council.teamIds.includes(t.id)).map((t) => t.name) : ['every team of this workspace'];
  return answer({
    title: headline,
    sections: [{
      text: `${headline}. The weekly digest is posted here.`,
      fields: [
        { label: 'Schedule', value: `${code(council.cron)} (${council.timeZone})` },
        { label: 'Teams', value: covered.join(', ') },
        { label: 'Stalled after', value: `${council.stallDays} days without progress` },
      ],
    }],
    actions: [{ label: 'Preview the digest', command: 'digest' }],
    visibility: 'channel',
  });
}

export async function showCouncil(ctx: Ctx): Promise<Reply> {
  return describe(ctx, await requireCouncil(ctx), 'This is the council channel');
}

export async function councilHere(ctx: Ctx): Promise<Reply> {
  requireAdmin(ctx, 'choose the council channel');
  if (!ctx.conv.channelId || ctx.conv.isDirect) return refuse({ kind: 'BadCommand', input: 'council here', suggestion: 'council here (type it in the channel that should get the digest)' });
  await ensureOrg(ctx);
  const council = await ctx.deps.store.councils.create(ctx.conv.orgId, ctx.conv.channelId, ctx.conv.platform);
  return describe(ctx, council, 'This channel is now the council channel');
}

export async function councilSchedule(ctx: Ctx, cron: string, timeZone: string): Promise<Reply> {
  requireAdmin(ctx, 'change the digest schedule');
  const council = await requireCouncil(ctx);
  if (!isValidCron(cron)) return refuse({ kind: 'BadCron', input: cron });
  if (!isValidTimeZone(timeZone)) return refuse({ kind: 'BadTimeZone', input: timeZone });
  const canonical = new Intl.DateTimeFormat('en-GB', { timeZone }).resolvedOptions().timeZone;
  const updated = await ctx.deps.store.councils.update(council.id, { cron: cron.trim().split(/\s+/).join(' '), timeZone: canonical });
  return describe(ctx, updated!, 'Digest schedule updated');
}

export async function councilTeams(ctx: Ctx, input: string, add: boolean): Promise<Reply> {
  requireAdmin(ctx, add ? 'add teams to the council' : 'remove teams from the council');
  const council = await requireCouncil(ctx);
  const team = await findTeam(ctx, input);
  const { store } = ctx.deps;
  if (add) {
    await store.councils.addTeam(council.id, team.id);
  } else if (council.teamIds.length === 0) {
    // Covering everyone is implicit; leaving one team out makes the list explicit.
    const others = (await store.teams.list(council.orgId)).filter((t) => t.id !== team.id);
    if (others.length === 0) return describe(ctx, council, `${team.name} is the only team, so the council keeps covering it; nothing changed`);
    for (const other of others) await store.councils.addTeam(council.id, other.id);
  } else if (!council.teamIds.includes(team.id)) {
    return describe(ctx, council, `${team.name} was not covered by the council; nothing changed`);
  } else {
    await store.councils.removeTeam(council.id, team.id);
  }
  const updated = (await store.councils.get(council.id))!;
  const widened = !add && updated.teamIds.length === 0 ? ': no team is listed any more, so the council covers every team again' : '';
  return describe(ctx, updated, `${team.name} ${add ? 'added to' : 'removed from'} the council${widened}`);
}

export async function councilStall(ctx: Ctx, input: string): Promise<Reply> {
  requireAdmin(ctx, 'change the stall threshold');
  const council = await requireCouncil(ctx);
  const days = Number(input.trim());
  if (!/^\d+$/.test(input.trim()) || days < 1 || days > 365) return refuse({ kind: 'BadNumber', input: input.trim(), min: 1, max: 365 });
  const updated = await ctx.deps.store.councils.update(council.id, { stallDays: days });
  return describe(ctx, updated!, `Stall threshold set to ${days} days`);
}
