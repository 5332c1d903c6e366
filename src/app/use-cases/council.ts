// The council: where the weekly digest goes, when, which teams it covers. Changes are for admins.
import type { Council } from '../../store/store.ts';
import { isValidCron, isValidTimeZone } from '../cron.ts';
import type { Reply } from '../reply.ts';
import { accepted, rejected, type Checked, type UserError } from '../user-errors.ts';
import { answer, ensureOrg, failure, findTeam, isAdmin, type Ctx } from './context.ts';

const code = (s: string) => `\`${s}\``;

function notAdmin(ctx: Ctx, action: string): UserError | undefined {
  return isAdmin(ctx) ? undefined : { kind: 'NotAllowed', action };
}

/** The council of this channel, for an admin allowed to `action` (or the reason not). */
async function adminCouncil(ctx: Ctx, action?: string): Promise<Checked<Council>> {
  const refused = action === undefined ? undefined : notAdmin(ctx, action);
  if (refused) return rejected(refused);
  const council = ctx.conv.channelId ? await ctx.deps.store.councils.forChannel(ctx.conv.channelId) : undefined;
  if (!council || council.orgId !== ctx.conv.orgId) return rejected({ kind: 'NoCouncil' });
  return accepted(council);
}

async function describe(ctx: Ctx, council: Council, headline: string, note = ''): Promise<Reply> {
  const teams = await ctx.deps.store.teams.list(council.orgId);
  const covered = council.teamIds.length ? teams.filter((t) => council.teamIds.includes(t.id)).map((t) => t.name) : ['every team of this workspace'];
  return answer({
    title: headline,
    sections: [{
      text: `${headline}.${note ? ` ${note}` : ''} The weekly digest is posted here.`,
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
  const council = await adminCouncil(ctx);
  return council.ok ? describe(ctx, council.value, 'This is the council channel') : failure(council.error);
}

export async function councilHere(ctx: Ctx): Promise<Reply> {
  const refused = notAdmin(ctx, 'choose the council channel');
  if (refused) return failure(refused);
  if (!ctx.conv.channelId || ctx.conv.isDirect) return failure({ kind: 'BadCommand', input: 'council here', suggestion: 'council here (type it in the channel that should get the digest)' });
  await ensureOrg(ctx);
  const council = await ctx.deps.store.councils.create(ctx.conv.orgId, ctx.conv.channelId, ctx.conv.platform);
  return describe(ctx, council, 'This channel is now the council channel');
}

export async function councilSchedule(ctx: Ctx, cron: string, timeZone: string): Promise<Reply> {
  const checked = await adminCouncil(ctx, 'change the digest schedule');
  if (!checked.ok) return failure(checked.error);
  const council = checked.value;
  if (!isValidCron(cron)) return failure({ kind: 'BadCron', input: cron });
  if (!isValidTimeZone(timeZone)) return failure({ kind: 'BadTimeZone', input: timeZone });
  const canonical = new Intl.DateTimeFormat('en-GB', { timeZone }).resolvedOptions().timeZone;
  const updated = await ctx.deps.store.councils.update(council.id, { cron: cron.trim().split(/\s+/).join(' '), timeZone: canonical });
  return describe(ctx, updated!, 'Digest schedule updated');
}

export async function councilTeams(ctx: Ctx, input: string, add: boolean): Promise<Reply> {
  const checked = await adminCouncil(ctx, add ? 'add teams to the council' : 'remove teams from the council');
  if (!checked.ok) return failure(checked.error);
  const council = checked.value;
  const found = await findTeam(ctx, input);
  if (!found.ok) return failure(found.error);
  const team = found.value;
  const { store } = ctx.deps;
  if (add) {
    await store.councils.addTeam(council.id, team.id);
    const narrowed = council.teamIds.length === 0 ? 'It covered every team; from now on it covers only the teams listed.' : '';
    return describe(ctx, (await store.councils.get(council.id))!, `${team.name} added to the council`, narrowed);
  }
  // An empty list means every team, so the list must never become empty by a removal: a
  // removed team stays out until it is added back. What is left is listed explicitly.
  const covered = council.teamIds.length ? council.teamIds : (await store.teams.list(council.orgId)).map((t) => t.id);
  if (!covered.includes(team.id)) return describe(ctx, council, `${team.name} was not covered by the council; nothing changed`);
  const rest = covered.filter((id) => id !== team.id);
  if (rest.length === 0) {
    return describe(ctx, council, `${team.name} stays on the council; nothing changed`, `It is the only team the council covers, and a council covers at least one: add the teams it should cover first (\`council add <team>\`), then remove ${team.name}.`);
  }
  for (const id of rest) await store.councils.addTeam(council.id, id);
  await store.councils.removeTeam(council.id, team.id);
  return describe(ctx, (await store.councils.get(council.id))!, `${team.name} removed from the council`);
}

export async function councilStall(ctx: Ctx, input: string): Promise<Reply> {
  const checked = await adminCouncil(ctx, 'change the stall threshold');
  if (!checked.ok) return failure(checked.error);
  const council = checked.value;
  const days = Number(input.trim());
  if (!/^\d+$/.test(input.trim()) || days < 1 || days > 365) return failure({ kind: 'BadNumber', input: input.trim(), min: 1, max: 365 });
  const updated = await ctx.deps.store.councils.update(council.id, { stallDays: days });
  return describe(ctx, updated!, `Stall threshold set to ${days} days`);
}
