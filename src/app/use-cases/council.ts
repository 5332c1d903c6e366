// The council: where the weekly digest goes, when, which teams it covers. Changes are for admins.
import type { Council } from '../../store/store.ts';
import type { Reply } from '../reply.ts';
import { describeCadence, localTime, nextSlots, parseSchedule } from '../schedule.ts';
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

/** Tells the schedulers (BullMQ) about the change; a failure waits for the next reconcile. */
async function changed(ctx: Ctx, councilId: string, removed = false): Promise<void> {
  try {
    await ctx.deps.onCouncilChanged?.({ councilId, removed });
  } catch (error) {
    ctx.deps.logger?.warn('council change not passed to the digest scheduler yet; the next reconcile will', { councilId, error });
  }
}

async function describe(ctx: Ctx, council: Council, headline: string): Promise<Reply> {
  const teams = await ctx.deps.store.teams.list(council.orgId);
  const covered = council.teamIds.length ? teams.filter((t) => council.teamIds.includes(t.id)).map((t) => t.name) : ['every team of this workspace'];
  const cadence = describeCadence(council.cron);
  const upcoming = nextSlots({ cron: council.cron, timeZone: council.timeZone }, ctx.deps.clock(), 3).map((d) => localTime(d, council.timeZone));
  const paused = council.pausedAt ? ` Digests are paused: ${council.pauseReason ?? 'the channel could not be reached'}. Type ${code('council here')} here to resume them.` : '';
  return answer({
    title: headline,
    sections: [{
      text: `${headline}. The digest is posted here ${cadence.replace(/^./, (c) => c.toLowerCase())} (${council.timeZone}).${paused}`,
      fields: [
        { label: 'Schedule', value: `${cadence} (${code(council.cron)}, ${council.timeZone})` },
        { label: 'Next runs', value: upcoming.join('\n') },
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
  requireAdmin(ctx, 'stop the digest in this channel');
  const council = await requireCouncil(ctx);
  await ctx.deps.store.councils.remove(council.id);
  await changed(ctx, council.id, true);
  return answer({
    title: 'No more digests here',
    sections: [{ text: `This channel is no longer a council channel: no digest will be posted here. Type ${code('council here')} to start again.` }],
    visibility: 'channel',
  });
}

export async function councilSchedule(ctx: Ctx, cron: string, timeZone: string): Promise<Reply> {
  requireAdmin(ctx, 'change the digest schedule');
  const council = await requireCouncil(ctx);
  const parsed = parseSchedule(cron, timeZone);
  if (!parsed.ok) return refuse(parsed.error);
  const updated = await ctx.deps.store.councils.update(council.id, parsed.schedule);
  await changed(ctx, council.id);
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
