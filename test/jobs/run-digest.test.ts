// The exactly-once run protocol on both databases, posting to the Slack stand-in.
import { describe, expect, it } from 'vitest';
import { isDigestRunError } from '../../src/app/digest-service.ts';
import { startEmbeddedDigests } from '../../src/jobs/embedded-digests.ts';
import { DIALECTS, useStore } from '../helpers/databases.ts';
import { DAY, seed, useDigestWorld, type SeedTeam } from '../helpers/digests.ts';
import { silentLogger } from '../../src/log.ts';

const HISTORY: readonly SeedTeam[] = [
  { name: 'Payments', events: [['done', 'containerd-runtime', 1], ['done', 'oci-images', 2], ['done', 'kubernetes-cluster', 30], ['done', 'prometheus-grafana', 33]] },
  { name: 'Search', events: [['done', 'oci-images', 1], ['started', 'opentelemetry', 3], ['done', 'containerd-runtime', 31]] },
  { name: 'Mobile', events: [['done', 'oci-images', 1], ['skipped', 'registry-auth', 32, 'no private images']] },
];

describe.each(DIALECTS)('runDigest on %s', (dialect) => {
  const db = useStore(dialect);
  const world = useDigestWorld();
  const start = new Date('2026-02-02T10:00:00Z');
  // Monday 9 March 2026, 09:00 GMT: the slot after the history.
  const slot = new Date('2026-03-09T09:00:00Z');

  it('posts one message with the four charts as image blocks of uploaded files and the run in its metadata', async () => {
    const s = await seed(db.store, start, HISTORY);
    const app = world.app(db.store, () => new Date(slot.getTime() + 5000));
    const outcome = await app.digests.run({ councilId: s.council.id, slot });
    expect(outcome).toMatchObject({ status: 'posted', periodKey: '2026-03-09T09:00', recovered: false });
    const [message, ...others] = world.standIn.messages(s.channel);
    expect(others).toEqual([]);
    const run = await db.store.digestRuns.get(s.council.id, '2026-03-09T09:00');
    expect(run).toMatchObject({ status: 'posted', postedRef: `${s.orgId}:${s.channel}:${message!.ts}` });
    expect(message!.metadata).toEqual({ event_type: 'techtree_digest', event_payload: { run_id: run!.id } });
    const blocks = message!.blocks as { type: string; slack_file?: { id: string }; text?: { text: string } }[];
    const images = blocks.filter((b) => b.type === 'image');
    expect(images).toHaveLength(4);
    // Uploaded through the external flow, completed without a channel, then shown by this message only.
    const completes = world.standIn.calls('files.completeUploadExternal').filter((r) => images.some((i) => JSON.stringify(r.body.files).includes(i.slack_file!.id)));
    expect(completes).toHaveLength(4);
    for (const c of completes) expect(c.body.channel_id).toBeUndefined();
    for (const i of images) expect(world.standIn.uploads.get(i.slack_file!.id)!.subarray(1, 4).toString()).toBe('PNG');
    const text = blocks.map((b) => b.text?.text ?? '').join('\n');
    // Skips are not unlocks: Mobile skipped Registry Auth, which it never saw unlocked.
    expect(text).toMatch(/\*Mobile\* skipped Registry Auth \+ Image Signing Foundation \(not applicable\)/);
    expect(text).not.toMatch(/Mobile\*[^\n]*Now available:[^\n]*Registry Auth/);
    expect(text).toMatch(/Payments\* completed Production Kubernetes Cluster and Prometheus \+ Grafana/);
    expect(text).toMatch(/\*Search\*: OpenTelemetry End-to-End has been in progress for 3\d days/);
    expect(blocks.length).toBeLessThanOrEqual(50);

    // Again, and from "another process": nothing more is posted.
    expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'alreadyPosted' });
    expect(await world.app(db.store, () => new Date(slot.getTime() + 9000)).digests.run({ councilId: s.council.id, slot: new Date(slot.getTime() + 800) })).toMatchObject({ status: 'alreadyPosted' });
    expect(world.standIn.messages(s.channel)).toHaveLength(1);
  });

  it('many runs of one slot at once, from several apps: one message', async () => {
    const s = await seed(db.store, start, HISTORY);
    const apps = [1, 2, 3, 4].map(() => world.app(db.store, () => new Date(slot.getTime() + 1000)));
    const results = await Promise.allSettled(apps.map((a) => a.digests.run({ councilId: s.council.id, slot })));
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.status === 'posted')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(isDigestRunError(r.reason) && r.reason.code).toBe('DigestBusy');
    expect(world.standIn.messages(s.channel)).toHaveLength(1);
  });

  it('a run that died after Slack took the post is recorded from the channel history, not posted again', async () => {
    const s = await seed(db.store, start, HISTORY);
    const t0 = new Date(slot.getTime() + 1000);
    let now = t0;
    const app = world.app(db.store, () => now);
    // The first attempt's process dies inside chat.postMessage, after Slack accepted it.
    const unhook = world.standIn.hook((r) => (r.path === '/api/chat.postMessage' && r.body.channel === s.channel ? { status: 500, body: { ok: false } } : undefined));
    await expect(app.digests.run({ councilId: s.council.id, slot })).rejects.toMatchObject({ code: 'DigestFailed', retry: 'backoff' });
    unhook();
    expect(world.standIn.messages(s.channel)).toHaveLength(1);
    expect((await db.store.digestRuns.get(s.council.id, '2026-03-09T09:00'))!.postStartedAt).toBeInstanceOf(Date);
    now = new Date(t0.getTime() + 60_000);
    const retry = await app.digests.run({ councilId: s.council.id, slot });
    expect(retry).toMatchObject({ status: 'posted', recovered: true, ref: `${s.orgId}:${s.channel}:${world.standIn.messages(s.channel)[0]!.ts}` });
    expect(world.standIn.messages(s.channel)).toHaveLength(1);
    const history = world.standIn.calls('conversations.history').filter((r) => r.body.channel === s.channel);
    expect(history.at(-1)!.body.include_all_metadata).toBe('true');
  });

  it('a channel that is gone: no retry, the council paused, the admin told by DM; council here resumes', async () => {
    const s = await seed(db.store, start, HISTORY);
    world.standIn.failChannel(s.channel, 'is_archived');
    const app = world.app(db.store, () => new Date(slot.getTime() + 1000));
    const error = await app.digests.run({ councilId: s.council.id, slot }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DigestChannelGone', retry: 'never' });
    expect((await db.store.councils.get(s.council.id))!.pauseReason).toMatch(/archived/);
    const dm = world.standIn.calls('chat.postMessage').filter((r) => r.body.channel === 'D-ADMIN');
    expect(dm).toHaveLength(1);
    expect(String(dm[0]!.body.text)).toMatch(/couldn't post the council digest: the council channel is archived.*type `council here` in it to resume\. Channel: <#C/);
    expect(world.logs.filter((l) => l.msg.includes(`council ${s.council.id} paused`))).toHaveLength(1);
    // Paused: later runs and ticks leave it alone.
    expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'skipped', reason: 'paused' });
    expect(await app.digests.due(new Date(slot.getTime() + 1000), { catchUpWindowMs: 3 * DAY, maxAttempts: 5 })).not.toContainEqual(expect.objectContaining({ councilId: s.council.id }));
    // The channel is back and an admin types `council here` in it.
    world.standIn.failChannel(s.channel, undefined);
    const reply = await app.ask({ platform: 'slack', orgId: s.orgId, userId: 'U-ADMIN', channelId: s.council.channelId, isPlatformAdmin: true }, 'council here');
    expect(reply.title).toBe('Digests resumed in this channel');
    expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'posted' });
    expect(world.standIn.messages(s.channel)).toHaveLength(1);
  });

  it('a 429 with a long Retry-After asks to come back then; the retry posts once', async () => {
    const s = await seed(db.store, start, HISTORY);
    const app = world.app(db.store, () => new Date(slot.getTime() + 1000));
    world.standIn.answerOnce('chat.postMessage', { status: 429, headers: { 'retry-after': '120' }, body: { ok: false, error: 'ratelimited' } });
    const error = await app.digests.run({ councilId: s.council.id, slot }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DigestRateLimited', retry: 'after', retryAfterMs: 120_000 });
    expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'posted' });
    expect(world.standIn.messages(s.channel)).toHaveLength(1);
  });

  it('after downtime across two slots, the embedded ticker posts exactly one catch-up: the latest', async () => {
    const s = await seed(db.store, start, HISTORY);
    // Down from before the 9 Mar slot until after the 16 Mar slot.
    const now = new Date('2026-03-16T15:00:00Z');
    const app = world.app(db.store, () => now);
    const embedded = startEmbeddedDigests({ digests: app.digests, logger: silentLogger, policy: { attempts: 3, backoffMs: 10 }, catchUpWindowMs: 3 * DAY, staleAfterMs: 60_000, tickEvery: false });
    await embedded.tick();
    await embedded.tick();
    await embedded.close();
    expect(world.standIn.messages(s.channel)).toHaveLength(1);
    expect((await db.store.digestRuns.listForCouncil(s.council.id)).map((r) => [r.periodKey, r.status])).toEqual([['2026-03-16T09:00', 'posted']]);
    // The stale BullMQ job of the older slot, arriving late, is skipped.
    expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'skipped', reason: 'superseded' });
  });

  it('ticking every five minutes across both DST changes posts once a day at 01:30 local, the gap and the repeat included', async () => {
    const s = await seed(db.store, start, HISTORY, { cron: '30 1 * * *', timeZone: 'Europe/London' });
    for (const [from, to, expected] of [
      ['2026-03-28T23:00:00Z', '2026-03-29T03:00:00Z', ['2026-03-29T02:30']],
      ['2026-10-24T23:00:00Z', '2026-10-25T03:00:00Z', ['2026-10-25T01:30']],
    ] as const) {
      let now = new Date(from);
      const app = world.app(db.store, () => now);
      const embedded = startEmbeddedDigests({ digests: app.digests, logger: silentLogger, policy: { attempts: 1, backoffMs: 10 }, catchUpWindowMs: 3600_000, staleAfterMs: 60_000, tickEvery: false });
      const before = world.standIn.messages(s.channel).length;
      for (; now.getTime() <= new Date(to).getTime(); now = new Date(now.getTime() + 5 * 60_000)) await embedded.tick();
      await embedded.close();
      const keys = (await db.store.digestRuns.listForCouncil(s.council.id)).map((r) => r.periodKey).filter((k) => k.startsWith(expected[0]!.slice(0, 10)));
      expect(keys).toEqual(expected);
      expect(world.standIn.messages(s.channel).length - before).toBe(1);
    }
  }, 120_000);
});
