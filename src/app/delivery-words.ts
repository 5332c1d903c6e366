// What the inbox says besides the answers themselves: apologies with a reference, the note on an
// answer sent again, and the opening of a late answer. Every platform shows the same words.
import { randomBytes } from 'node:crypto';
import type { Platform } from './conversation.ts';
import type { Delivery } from './delivery.ts';
import type { Reply } from './reply.ts';

const REFERENCE_PREFIX: Record<Platform, string> = { slack: 'slk', teams: 'tms', cli: 'cli' };
const PLATFORM_NAME: Record<Platform, string> = { slack: 'Slack', teams: 'Teams', cli: 'the terminal' };

/** A short id for one failure, in the log line and in the apology: `slk-1a2b3c4d`. */
export function newReference(platform: Platform): string {
  return `${REFERENCE_PREFIX[platform]}-${randomBytes(4).toString('hex')}`;
}

/** The command could not even be written down: nothing happened, so trying again is right. */
export function notRecordedApology(reference: string): string {
  return `Sorry, something went wrong on my side and I could not take this command, so nothing was recorded. Please try again in a minute; if it keeps happening, give your admin this reference: \`${reference}\`.`;
}

/** The command was taken but could not be finished: it may or may not have been recorded. */
export function unfinishedApology(delivery: Delivery, reference: string): string {
  return `Sorry, something went wrong on my side while running \`${shortCommand(delivery)}\`, and I could not finish it. Type \`status\` to see what was recorded before you try again; if it keeps happening, give your admin this reference: \`${reference}\`.`;
}

/** On an answer whose first post may already have reached the user (the process stopped mid-way). */
export function sentAgainNote(): string {
  return 'Sent again because I was interrupted while answering: if you have already seen this answer, nothing was recorded twice.';
}

/** Opens an answer that comes after the usual reply route expired (e.g. after a long restart). */
export function lateIntro(delivery: Delivery, reply: Reply): string {
  const when = `${delivery.receivedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return reply.ok && reply.visibility === 'channel'
    ? `While I was restarting, I recorded your \`${shortCommand(delivery)}\` from ${when}:`
    : `You asked \`${shortCommand(delivery)}\` at ${when}, just before I restarted. Here is the answer:`;
}

/** Opens an answer given another way because the platform refused the usual route (no restart involved). */
export function routeGoneIntro(delivery: Delivery): string {
  return `I could not answer \`${shortCommand(delivery)}\` where you asked it (${PLATFORM_NAME[delivery.platform]} no longer takes answers there), so here it is:`;
}

function shortCommand(delivery: Delivery): string {
  const text = delivery.text.replace(/\s+/g, ' ').replace(/`/g, "'").trim();
  return text.length > 80 ? `${text.slice(0, 77)}…` : text || '(empty)';
}
