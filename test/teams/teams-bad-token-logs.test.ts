// A bad token is refused with one structured line, not a stack (issue: botbuilder's console.error):
// botframework-connector prints `console.error(err)` for an expired token and the bot's signing
// key for one signed with another key. `techtree serve` runs as a real child process, Microsoft's
// cloud played by the stand-in; every line it writes to stderr must be one of its own JSON log
// lines, and each refused request gets exactly one warn line, without a stack or the token.
import { expect, test } from 'vitest';
import { eventually } from '../helpers/slack-harness.ts';
import { startServeProcess } from '../helpers/serve-process.ts';
import { useServeCleanups } from '../helpers/serve-cleanups.ts';
import { startSlackStandIn } from '../helpers/slack-standin.ts';
import { channelMention, postActivity } from '../helpers/teams-activities.ts';
import { APP_ID, startTeamsStandIn } from '../helpers/teams-standin.ts';

const { later, scratch, track } = useServeCleanups();
const REFUSED = 'teams: request refused: not authenticated';

test('expired and forged tokens: a 401 each, one pino warn line each, nothing else on stderr', async () => {
  const slack = await startSlackStandIn();
  const teams = await startTeamsStandIn();
  later(() => slack.close(), () => teams.close());
  const serve = track(await startServeProcess({
    sqlitePath: scratch('techtree-teams-badtoken-'),
    apiUrl: slack.apiUrl,
    env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'stand-in-secret', TEAMS_OPENID_METADATA_URL: teams.openIdMetadataUrl, TEAMS_TOKEN_ISSUER: teams.issuer, TEAMS_LOGIN_URL: teams.url },
  }));
  const base = serve.url;
  const bad = [
    ['expired', teams.token({ expiresIn: -3600 })],
    ['signed with another key', teams.forgedToken('wrongKey')],
    ['HS256 keyed with the public key', teams.forgedToken('hs256')],
    ['alg: none', teams.forgedToken('algNone')],
  ] as const;
  for (const [what, token] of bad) {
    const res = await postActivity(base, channelMention({ serviceUrl: teams.serviceUrl, text: 'team create Intruders' }), token);
    expect(res.status, what).toBe(401);
  }
  // A good request after them: its answer is a sign the bad ones' lines have all been written.
  const good = await postActivity(base, channelMention({ serviceUrl: teams.serviceUrl, text: 'help' }), teams.token());
  expect(good.status).toBe(200);
  await eventually(() => teams.posted.length === 1, 15_000, 'the answer to the good request');

  const refused = serve.logs.filter((l) => l.msg === REFUSED);
  expect(refused).toHaveLength(bad.length);
  for (const line of refused) {
    expect(line.level).toBe('warn');
    expect(line).not.toHaveProperty('stack');
    expect(line).not.toHaveProperty('error');
    expect(String(line.reason)).not.toMatch(/\n|\bat \S+ \(/);
  }
  expect(refused.map((l) => l.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/expired/i), expect.stringMatching(/signature/i)]));
  const text = serve.stderr.join('\n');
  for (const [, token] of bad) {
    expect(text).not.toContain(token);
    // The signature part alone, in case a line quotes the token cut or re-encoded.
    expect(text).not.toContain(token.split('.')[2] || token);
  }
  // Nothing from botbuilder on stderr: no stack, no PEM key, no raw error, only our JSON lines.
  expect(text).not.toMatch(/TokenExpiredError|JsonWebTokenError|Available keys|BEGIN [A-Z ]*KEY|\n\s+at /);
  for (const line of serve.stderr) expect(() => JSON.parse(line), `not a log line: ${line.slice(0, 200)}`).not.toThrow();
});
