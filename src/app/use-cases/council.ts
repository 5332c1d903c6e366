// The council: where the weekly digest goes, when, which teams it covers. Changes are for admins.
import type { Council } from '../../store/store.ts';
import { count } from '../plural.ts';
import type { Reply } from '../reply.ts';
import { describeCadence, localTime, nextSlots, parseSchedule } from '../schedule.ts';
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

/** Tells the schedulers (BullMQ) about the change; a failure waits for the next reconcile. */
async function changed(ctx: Ctx, councilId: string, removed = false): Promise<void> {
  try {
    await ctx.deps.onCouncilChanged?.({ councilId, removed });
  } catch (error) {
    ctx.deps.logger?.warn('council change not passed to the digest scheduler yet; the next reconcile will', { councilId, error });
  }
}

async function describe(ctx: Ctx, council: Council, headline: string, note = ''): Promise<Reply> {
  const teams = await ctx.deps.store.teams.list(council.orgId);
  const covered = council.teamIds.length ? teams.filter((t) => council.teamIds.includes(t.id)).map((t) => t.name) : ['every team of this workspace'];
  const cadence = describeCadence(council.cron);
  const upcoming = nextSlots({ cron: council.cron, timeZone: council.timeZone }, ctx.deps.clock(), 3).map((d) => localTime(d, council.timeZone));
  const paused = council.pausedAt ? ` Digests are paused: ${council.pauseReason ?? 'the channel could not be reached'}. Type ${code('council here')} here to resume them.` : '';
  return answer({
    title: headline,
    sections: [{
      text: `${headline}.${note ? ` ${note}` : ''} The digest is posted here ${cadence.replace(/^./, (c) => c.toLowerCase())} (${council.timeZone}).${paused}`,
      fields: [
        { label: 'Schedule', value: `${cadence} (${code(council.cron)}, ${council.timeZone})` },
        { label: 'Next runs', value: upcoming.join('\n') },
        { label: 'Teams', value: covered.join(', ') },
        { label: 'Stalled after', value: `${count(council.stallDays, 'day')} without progress` },
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
  if (!ctx.conv.channelId || ctx.conv.isDirect) return failure({ kind: 'NeedsChannel', command: 'council here', platform: ctx.conv.platform });
  await ensureOrg(ctx);
  const { councils } = ctx.deps.store;
  const existing = await councils.forChannel(ctx.conv.channelId);
  const created = existing ?? (await councils.create(ctx.conv.orgId, ctx.conv.channelId, ctx.conv.platform));
  // Whoever sets it up (again) is told if the channel goes away; doing it again resumes a pause.
  const council = (await councils.update(created.id, { setUpBy: ctx.conv.userId, paused: null }))!;
  await changed(ctx, council.id);
  if (existing?.pausedAt) return describe(ctx, council, 'Digests resumed in this channel');
  return describe(ctx, council, existing ? 'This channel is already the council channel' : 'This channel is now the council channel');
}

export async function councilOff(ctx: Ctx): Promise<Reply> {
  const checked = await adminCouncil(ctx, 'stop the digest in this channel');
  if (!checked.ok) return failure(checked.error);
  await ctx.deps.store.councils.remove(checked.value.id);
  await changed(ctx, checked.value.id, true);
  return answer({
    title: 'No more digests here',
    sections: [{ text: `This channel is no longer a council channel: no digest will be posted here. Type ${code('council here')} to start again.` }],
    visibility: 'channel',
  });
}

export async function councilSchedule(ctx: Ctx, cron: string, timeZone: string): Promise<Reply> {
  const checked = await adminCouncil(ctx, 'change the digest schedule');
  if (!checked.ok) return failure(checked.error);
  const parsed = parseSchedule(cron, timeZone);
  if (!parsed.ok) return failure(parsed.error);
  const updated = await ctx.deps.store.councils.update(checked.value.id, parsed.schedule);
  await changed(ctx, checked.value.id);
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
  const days = Number(input.trim());
  if (!/^\d+$/.test(input.trim()) || days < 1 || days > 365) return failure({ kind: 'BadNumber', input: input.trim(), min: 1, max: 365 });
  const updated = await ctx.deps.store.councils.update(checked.value.id, { stallDays: days });
  return describe(ctx, updated!, `Stall threshold set to ${count(days, 'day')}`);
}
