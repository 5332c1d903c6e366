// The Teams endpoint's path and its answer while Teams is off: kept apart from teams-adapter.ts so
// that a process without Teams never loads botbuilder (about 20 MB of heap on the main thread).
import type { RequestListener, ServerResponse } from 'node:http';

export const TEAMS_MESSAGES_PATH = '/api/messages';

/** Writes `body` (plain text, or JSON for anything but a string) with `status`. */
export function sendTeamsResponse(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined || typeof body === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body === undefined ? undefined : `${body}\n`);
  } else {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }
}

/** The handler used when Teams is not configured: every request is refused (401), saying what to set. */
export function teamsOffHandler(): RequestListener {
  return (_req, res) => sendTeamsResponse(res, 401, 'Teams is off: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (see README, "Microsoft Teams"), or TEAMS_EMULATOR=1 for the local Bot Framework Emulator only.');
}
