// The HTTP edge of /slack/events: reads the body, rejects anything not signed by Slack within
// five minutes either way (401), then hands the buffered request to Bolt, which is told not to
// verify again (Bolt reuses `rawBody` instead of reading the stream).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../../log.ts';
import { checkSignature } from './signature.ts';

/** Slack's payloads are a few kilobytes; anything much bigger is not from Slack. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface SignedRequestOptions {
  readonly signingSecret: string;
  readonly next: RequestListener;
  readonly logger: Logger;
  readonly now?: () => number;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > max) throw new BodyTooLarge();
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function end(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(status === 200 ? '' : `${status}\n`);
}

// Slack's SSL check carries no event: answer it without Bolt, so nothing smuggled in it runs.
function isSslCheck(req: IncomingMessage, raw: Buffer): boolean {
  return req.headers['content-type'] === 'application/x-www-form-urlencoded' && new URLSearchParams(raw.toString('utf8')).get('ssl_check') === '1';
}

export function createSignedRequestHandler(options: SignedRequestOptions): RequestListener {
  const now = options.now ?? Date.now;
  const header = (req: IncomingMessage, name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      end(res, error instanceof BodyTooLarge ? 413 : 400);
      return;
    }
    if (isSslCheck(req, raw)) {
      end(res, 200);
      return;
    }
    const check = checkSignature({
      signingSecret: options.signingSecret,
      rawBody: raw,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      nowMs: now(),
    });
    if (!check.ok) {
      options.logger.warn('slack: request rejected', { problem: check.problem, remote: req.socket.remoteAddress });
      end(res, 401);
      return;
    }
    (req as IncomingMessage & { rawBody: Buffer }).rawBody = raw;
    options.next(req, res);
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error('slack: request handling failed', { error });
      end(res, 500);
    });
  };
}
