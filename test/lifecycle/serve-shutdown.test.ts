// `techtree serve` stopped as an orchestrator stops it (issue 13 item 4): SIGTERM in the middle of
// a burst of 200 signed slash commands, with the default 8 s budget. It exits 0 within Docker's
// 10 s grace period, and after a restart every acknowledged command is recorded exactly once; a
// second signal during the drain exits at once with 128 + its number.
import { describe, expect, test } from 'vitest';
import { startServeProcess } from '../helpers/serve-process.ts';
import { eventually } from '../helpers/slack-harness.ts';
import { startSlackStandIn } from '../helpers/slack-standin.ts';
import { allAnswered, burst, teamCreates, teamsNamed } from '../helpers/slash-burst.ts';
import { useServeCleanups } from '../helpers/serve-cleanups.ts';

const { later, track, scratch: scratchIn } = useServeCleanups();
const scratch = () => scratchIn('techtree-lifecycle-');

describe('techtree serve on SIGTERM', () => {
  test('mid-burst of 200 commands: exits 0 within 10 s, and after a restart each acknowledged command is recorded once', async () => {
    const standIn = await startSlackStandIn({ responseUrlDelayMs: 200 });
    later(() => standIn.close());
    const sqlitePath = scratch();
    // The default budget (8 s), as in production; a short lease only so the restart takes over sooner.
    const env = { TECHTREE_INBOX_LEASE_SECONDS: '2' };
    const first = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl, env }));
    const cmds = teamCreates(standIn, 200, 'l');
    let stoppedAt = 0;
    await burst(first.eventsUrl, cmds, 16, (acks) => {
      if (acks === 100) {
        stoppedAt = Date.now();
        first.child.kill('SIGTERM');
      }
    });
    const exit = await first.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - stoppedAt, 'exit within the 10 s grace period').toBeLessThan(10_000);
    const acked = cmds.filter((c) => c.acked);
    expect(acked.length).toBeGreaterThanOrEqual(100);
    expect(first.logs.some((l) => l.msg === 'inbox: drained')).toBe(true);
    expect(first.logs.filter((l) => l.level === 'error'), 'no errors during the shutdown').toEqual([]);

    const second = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl, env }));
    await eventually(() => allAnswered(sqlitePath), 60_000, 'every inbox row answered after the restart');
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    for (const cmd of acked) expect(teamsNamed(sqlitePath, cmd.name), `${cmd.name} recorded once`).toBe(1);
    for (const cmd of cmds.filter((c) => !c.acked)) expect(teamsNamed(sqlitePath, cmd.name)).toBeLessThanOrEqual(1);
    // Every acknowledged command was answered; nobody was apologised to or told to try again.
    for (const cmd of acked) expect(standIn.calls(cmd.responseUrl).length, `${cmd.name} answered`).toBeGreaterThanOrEqual(1);
    expect(standIn.requests.filter((r) => /Sorry|try again/.test(String(r.body.text)))).toEqual([]);
    console.info(`serve shutdown: ${acked.length}/200 acknowledged, exit ${exit.at - stoppedAt} ms after SIGTERM`);
  }, 120_000);

  test('a second signal during the drain exits at once with 143, and the next start still finishes the work', async () => {
    // Slack answering after 5 s keeps the drain busy long enough to signal twice.
    const standIn = await startSlackStandIn({ responseUrlDelayMs: 5000 });
    later(() => standIn.close());
    const sqlitePath = scratch();
    const env = { TECHTREE_INBOX_LEASE_SECONDS: '2' };
    const first = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl, env }));
    const cmds = teamCreates(standIn, 20, 'q');
    await burst(first.eventsUrl, cmds, 4);
    expect(cmds.every((c) => c.acked)).toBe(true);
    first.child.kill('SIGTERM');
    await eventually(() => first.logs.some((l) => l.msg === 'shutting down'), 5000, 'the shutdown to begin');
    const secondAt = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.code).toBe(143);
    expect(exit.at - secondAt).toBeLessThan(2000);
    expect(first.logs.some((l) => /^second signal: exiting now/.test(l.msg))).toBe(true);

    const second = track(await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl, env: { ...env } }));
    await eventually(() => allAnswered(sqlitePath), 60_000, 'every inbox row answered after the restart');
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
    for (const cmd of cmds) expect(teamsNamed(sqlitePath, cmd.name), `${cmd.name} recorded once`).toBe(1);
  }, 120_000);
});
