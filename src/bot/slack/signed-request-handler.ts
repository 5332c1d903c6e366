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

// With 'data' and 'end' rather than `for await`: the async iterator costs a promise per chunk
// and per request on the path every acknowledgement takes.
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume(); // read and drop the rest, so the 413 can be sent
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(b);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function end(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(status === 200 ? '' : `${status}\n`);
}

// Slack's SSL check carries no event: answer it without Bolt, so nothing smuggled in it runs.
function isSslCheck(req: IncomingMessage, raw: Buffer): boolean {
  return req.headers['content-type'] === 'application/x-www-form-urlencoded' && raw.includes('ssl_check=') && new URLSearchParams(raw.toString('utf8')).get('ssl_check') === '1';
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
