// The conversation the observability tests watch: over real HTTP into the Slack harness, a team
// is created, records progress, asks what's next, mistypes a command, sets up a council; then one
// digest job runs (the jobs layer's processDigest, as the worker and the ticker call it) and posts
// to the stand-in.
import { expect } from 'vitest';
import type { RunOutcome } from '../../src/app/digest-service.ts';
import { processDigest } from '../../src/jobs/weekly-digest.job.ts';
import type { Logger } from '../../src/log.ts';
import type { SlackHarness } from './slack-harness.ts';
import { postToSlackEndpoint, slashCommand } from './slack-signing.ts';
import type { RecordedRequest } from './slack-standin.ts';

/** The user typing; the stand-in must list them as a workspace admin (council commands). */
export const ADMIN_USER = 'U0ALICE';

export interface Said {
  readonly text: string;
  readonly triggerId: string;
  readonly answer: RecordedRequest;
}

/** One slash command, acknowledged and answered at its response_url. */
export async function say(h: SlackHarness, text: string, channelId = 'C0PAY'): Promise<Said> {
  const responseUrl = h.standIn.responseUrl('cmd');
  const triggerId = `trigger-${Math.random().toString(36).slice(2)}`;
  const res = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text, responseUrl, channelId, triggerId }));
  expect(res.status).toBe(200);
  const answer = await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 15_000, `an answer to "${text}"`);
  return { text, triggerId, answer };
}

export interface Conversation {
  readonly said: Readonly<Record<'teamCreate' | 'done' | 'next' | 'typo', Said>>;
  readonly digest: RunOutcome;
}

/** team create, done, next, a typo, a council every minute; then one digest job for the current minute. */
export async function scriptedConversation(h: SlackHarness, logger: Logger): Promise<Conversation> {
  const teamCreate = await say(h, 'team create Payments');
  const done = await say(h, 'done containerd');
  const next = await say(h, 'next');
  const typo = await say(h, 'dnoe oci-images');
  expect(typo.answer.body.text).toMatch(/done/);
  await say(h, 'council here', 'C0COUNCIL');
  await say(h, 'council schedule "* * * * *" UTC', 'C0COUNCIL');
  const council = await h.app.digests.findCouncil('C0COUNCIL');
  if ('problem' in council) throw new Error(council.problem);
  const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const digest = await processDigest({ councilId: council.id, slot }, { digests: h.app.digests, logger, options: { latestOnly: false } });
  expect(digest.status).toBe('posted');
  return { said: { teamCreate, done, next, typo }, digest };
}
