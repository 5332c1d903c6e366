// Acknowledged means recorded (issue 14), with `techtree serve` as a real child process on a real
// SQLite file, Slack played by the stand-in. An operator's ways of stopping it: SIGKILL mid-burst,
// SIGTERM while Slack is slow; and the same delivery reaching two processes at once.
//
// "Answered", precisely: the stand-in received, and answered 200, a POST to the command's own
// response_url whose text names the command's team. "Exactly once": one such POST; the only
// exception allowed is a command whose answer post had begun when the process died (its inbox row
// then has answer_attempts > 0 and is not answered: read from the file before the restart). Such
// a command may get exactly one more POST, which must say it is sent again.
import { describe, expect, test } from 'vitest';
import { eventually } from '../helpers/slack-harness.ts';
import { startServeProcess } from '../helpers/serve-process.ts';
import { allAnswered, burst, inboxRows, readSqlite, teamCreates, teamsNamed, type BurstCommand } from '../helpers/slash-burst.ts';
import { postToSlackEndpoint } from '../helpers/slack-signing.ts';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-standin.ts';
import { useServeCleanups } from '../helpers/serve-cleanups.ts';

type Cmd = BurstCommand;

const { later, track, scratch: scratchIn } = useServeCleanups();
const scratch = () => scratchIn('techtree-durable-');

const commands = teamCreates;

/** The checks shared by the kill and the stop: recorded once, answered once (see the top of this file). */
function expectRecordedAndAnsweredOnce(standIn: SlackStandIn, sqlitePath: string, cmds: readonly Cmd[], inFlight: ReadonlySet<string>): void {
  for (const cmd of cmds.filter((c) => c.acked)) {
    expect(teamsNamed(sqlitePath, cmd.name), `${cmd.name} recorded once`).toBe(1);
    const posts = standIn.calls(cmd.responseUrl);
    expect(posts.every((p) => p.status === 200 && String(p.body.text).includes(cmd.name)), `${cmd.name}: ${JSON.stringify(posts.map((p) => p.body.text))}`).toBe(true);
    if (inFlight.has(cmd.key) && posts.length === 2) {
      expect(String(posts[1]!.body.text)).toMatch(/^Sent again because I was interrupted while answering/);
    } else {
      expect(posts.map((p) => String(p.body.text).slice(0, 60)), `${cmd.name} answered once`).toHaveLength(1);
    }
  }
  // Unacknowledged commands may or may not have been written before the process died; none twice.
  for (const cmd of cmds.filter((c) => !c.acked)) expect(teamsNamed(sqlitePath, cmd.name)).toBeLessThanOrEqual(1);
  // Nobody was told to retry, or apologised to.
  expect(standIn.requests.filter((r) => /Sorry|try again/.test(String(r.body.text)))).toEqual([]);
}

describe('the inbox keeps every acknowledged command', () => {
  test('SIGKILL right after the 150th ack of a 300-command burst at concurrency 16: after a restart, every acknowledged command is recorded once and answered once', async () => {
    const standIn = await startSlackStandIn();
    later(() => standIn.close());
    const sqlitePath = scratch();
    const env = { TECHTREE_INBOX_LEASE_SECONDS: '2' };
    const first = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl, env }));
    const cmds = commands(standIn, 300, 't');
    await burst(first.eventsUrl, cmds, 16, (acks) => {
      if (acks === 150) first.child.kill('SIGKILL');
    });
    expect((await first.exited).signal).toBe('SIGKILL');
    const acked = cmds.filter((c) => c.acked);
    expect(acked.length).toBeGreaterThanOrEqual(150);

    // Before the restart: what the dead process left, and which answers may have been on their way.
    const atKill = inboxRows(sqlitePath);
    for (const cmd of acked) expect(atKill.has(cmd.key), `${cmd.name} was in the inbox before its ack`).toBe(true);
    const inFlight = new Set([...atKill.values()].filter((r) => r.state !== 'answered' && r.answer_attempts > 0).map((r) => r.delivery_key));
    const unfinished = [...atKill.values()].filter((r) => r.state !== 'answered').length;
    expect(unfinished, 'the kill left work unfinished (otherwise this test proves nothing)').toBeGreaterThan(0);
    // Teams made whose rows were not yet marked applied: the window recovery must run again.
    const teamsAtKill = new Set(readSqlite<{ name: string }>(sqlitePath, 'select name from teams').map((t) => t.name));
    const halfDone = acked.filter((c) => atKill.get(c.key)?.state === 'received' && teamsAtKill.has(c.name)).length;

    const second = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl, env }));
    await eventually(() => allAnswered(sqlitePath), 60_000, 'every inbox row answered after the restart');
    expect(second.logs.some((l) => l.msg === 'slack: recovering a delivery')).toBe(true);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    expectRecordedAndAnsweredOnce(standIn, sqlitePath, cmds, inFlight);
    // A team created just before the kill, whose row was not yet marked applied, is run again on
    // recovery: it finds the team its own delivery made, so it too is answered "created".
    for (const cmd of acked) {
      expect(standIn.calls(cmd.responseUrl).map((p) => String(p.body.text).split('\n')[0]), cmd.name).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`Team ${cmd.name} created$`))]));
    }
    expect(standIn.requests.filter((r) => /already exists/.test(String(r.body.text)))).toEqual([]);
    console.info(`kill test: ${acked.length} acknowledged, ${unfinished} unfinished at the kill, ${inFlight.size} with an answer in flight, ${acked.filter((c) => standIn.calls(c.responseUrl).length === 2).length} answered twice (second marked), ${halfDone} created but not yet marked applied (run again, answered "created")`);
  }, 120_000);

  test('SIGTERM while Slack answers after 1 s: the process exits within its drain budget, and what it left is finished after the next start', async () => {
    const standIn = await startSlackStandIn({ responseUrlDelayMs: 1000 });
    later(() => standIn.close());
    const sqlitePath = scratch();
    const env = { TECHTREE_DRAIN_SECONDS: '2', TECHTREE_INBOX_LEASE_SECONDS: '2' };
    const first = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl, env }));
    const cmds = commands(standIn, 150, 's');
    await burst(first.eventsUrl, cmds, 16);
    expect(cmds.every((c) => c.acked)).toBe(true);

    const stoppedAt = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.code).toBe(0);
    // The one budget (2 s here), plus the moment a process takes to exit.
    expect(exit.at - stoppedAt).toBeLessThan(2000 + 1000);
    const drained = first.logs.find((l) => l.msg === 'inbox: drained');
    expect(drained, 'the drain ran').toBeDefined();
    const atStop = inboxRows(sqlitePath);
    const inFlight = new Set([...atStop.values()].filter((r) => r.state !== 'answered' && r.answer_attempts > 0).map((r) => r.delivery_key));
    expect([...atStop.values()].filter((r) => r.state !== 'answered').length, 'the stop left work for the next start').toBeGreaterThan(0);

    const second = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl, env }));
    await eventually(() => allAnswered(sqlitePath), 60_000, 'every inbox row answered after the restart');
    second.child.kill('SIGTERM');
    await second.exited;
    expectRecordedAndAnsweredOnce(standIn, sqlitePath, cmds, inFlight);
  }, 120_000);

  test('the same delivery reaching two processes at once is recorded once and answered once', async () => {
    const standIn = await startSlackStandIn();
    later(() => standIn.close());
    const sqlitePath = scratch();
    const a = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl }));
    const b = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl }));
    const cmds = commands(standIn, 10, 'd');
    for (const cmd of cmds) {
      const [x, y] = await Promise.all([postToSlackEndpoint(a.eventsUrl, cmd.req), postToSlackEndpoint(b.eventsUrl, cmd.req)]);
      expect([x.status, y.status]).toEqual([200, 200]);
      cmd.acked = true;
    }
    await eventually(() => allAnswered(sqlitePath), 30_000, 'every delivery answered');
    expect(inboxRows(sqlitePath).size).toBe(cmds.length);
    const duplicates = [...a.logs, ...b.logs].filter((l) => l.msg === 'slack: duplicate delivery acknowledged, not run again');
    expect(duplicates).toHaveLength(cmds.length);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
    expectRecordedAndAnsweredOnce(standIn, sqlitePath, cmds, new Set());
  }, 90_000);
});
