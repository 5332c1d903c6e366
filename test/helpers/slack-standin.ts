// A local stand-in for Slack's cloud: plays the Web API (under /api/), file upload URLs and
// response_url endpoints, and records every request it gets. The only thing tests may fake.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** Form fields (JSON-looking ones parsed) or a JSON body; {} for binary uploads. */
  readonly body: Record<string, unknown>;
  readonly raw: Buffer;
  readonly at: number;
  readonly status: number;
}

export interface CannedAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

export interface StandInOptions {
  readonly botUserId?: string;
  readonly botId?: string;
  readonly teamId?: string;
  /** User ids users.info reports as workspace admins. */
  readonly admins?: readonly string[];
  /** What apps.connections.open hands out (Socket Mode). */
  readonly socketUrl?: string;
  /** A slow Slack: response_url posts are recorded on arrival and answered this much later. */
  readonly responseUrlDelayMs?: number;
}

export interface SlackStandIn {
  /** The Web API base to put in SLACK_API_URL, ending in `/api/`. */
  readonly apiUrl: string;
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** A fresh response_url. */
  responseUrl(name?: string): string;
  /** Requests to one Web API method (`chat.postMessage`) or one response_url. */
  calls(methodOrUrl: string): RecordedRequest[];
  /** The next call of `method` (a Web API method or a response_url) answers 429 with Retry-After. */
  rateLimitOnce(method: string, retryAfterSec: number): void;
  /** The next call of `method` gets this answer instead (a platform error, a 500…). */
  answerOnce(method: string, answer: CannedAnswer): void;
  /** Resolves with the first recorded request matching `pred` (including past ones). */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs?: number, what?: string): Promise<RecordedRequest>;
  close(): Promise<void>;
}

function parseBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  const text = raw.toString('utf8');
  if (type.includes('application/json')) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      try {
        out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
      } catch {
        out[k] = v;
      }
    }
    return out;
  }
  return {};
}

export async function startSlackStandIn(options: StandInOptions = {}): Promise<SlackStandIn> {
  const requests: RecordedRequest[] = [];
  const canned = new Map<string, CannedAnswer>();
  const waiters = new Set<{ pred: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }>();
  let base = '';
  let seq = 0;
  const botUserId = options.botUserId ?? 'UBOT';
  const teamId = options.teamId ?? 'T0001';

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: botUserId, bot_id: options.botId ?? 'BBOT', team_id: teamId, user: 'techtree', team: 'Acme' };
      case 'chat.postMessage':
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}` };
      case 'users.info': {
        const id = String(body.user);
        const admin = options.admins?.includes(id) ?? false;
        return { ok: true, user: { id, name: id.toLowerCase(), real_name: `Person ${id}`, is_admin: admin, is_owner: false } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users).slice(1)}` } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${++seq}`;
        return { ok: true, file_id: fileId, upload_url: `${base}/upload/${fileId}` };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (body.files as { id: string }[] | undefined)?.map((f) => ({ id: f.id, title: f.id })) ?? [] };
      case 'apps.connections.open':
        return options.socketUrl ? { ok: true, url: options.socketUrl } : { ok: false, error: 'not_allowed_token_type' };
      case 'views.publish':
        return { ok: true, view: { id: `V${++seq}` } };
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0]!;
      const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path;
      const body = parseBody(req, raw);
      const once = canned.get(method);
      let status = 200;
      let reply: () => void;
      if (once !== undefined) {
        canned.delete(method);
        status = once.status;
        reply = () => res.writeHead(once.status, { 'content-type': 'application/json', ...once.headers }).end(JSON.stringify(once.body));
      } else if (path.startsWith('/api/')) {
        const body200 = JSON.stringify(answer(method, body));
        reply = () => res.writeHead(200, { 'content-type': 'application/json' }).end(body200);
      } else {
        reply = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }
      if (options.responseUrlDelayMs && path.startsWith('/response/')) setTimeout(reply, options.responseUrlDelayMs);
      else reply();
      const record: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, raw, at: Date.now(), status };
      requests.push(record);
      for (const w of waiters) {
        if (w.pred(record)) {
          waiters.delete(w);
          w.resolve(record);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const keyOf = (method: string) => (method.startsWith('http') ? new URL(method).pathname : method);
  const pathOf = (methodOrUrl: string) => (methodOrUrl.startsWith('http') ? new URL(methodOrUrl).pathname : `/api/${methodOrUrl}`);

  return {
    apiUrl: `${base}/api/`,
    url: base,
    requests,
    responseUrl: (name = 'r') => `${base}/response/${name}-${++seq}`,
    calls: (methodOrUrl) => requests.filter((r) => r.path === pathOf(methodOrUrl)),
    rateLimitOnce: (method, sec) => canned.set(keyOf(method), { status: 429, headers: { 'retry-after': String(sec) }, body: { ok: false, error: 'ratelimited' } }),
    answerOnce: (method, answer) => canned.set(keyOf(method), answer),
    waitFor(pred, timeoutMs = 5000, what = 'a matching request') {
      const past = requests.find(pred);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: (r: RecordedRequest) => { clearTimeout(timer); resolve(r); } };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`stand-in: no ${what} within ${timeoutMs} ms; got ${requests.map((r) => r.path).join(', ') || 'nothing'}`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
