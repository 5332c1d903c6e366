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

/** A message the stand-in holds, as conversations.history returns it. */
export interface HeldMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks?: unknown[];
  readonly metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/**
 * Called for every request after it is recorded (and, for chat.postMessage, after the message is
 * held): return an answer to send instead, or nothing for the normal one. May have side effects,
 * such as killing the process that sent the request.
 */
export type StandInHook = (request: RecordedRequest) => CannedAnswer | undefined | void;

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
  /** Every call of `method` for `channel` gets Slack's `error` (channel_not_found, is_archived…) until cleared. */
  failChannel(channel: string, error: string | undefined): void;
  /** Messages posted to a channel (chat.postMessage), oldest first. */
  messages(channel: string): HeldMessage[];
  /** Bytes received at the file upload URLs, by file id. */
  readonly uploads: ReadonlyMap<string, Buffer>;
  /** Adds a hook (see StandInHook); returns a function that removes it. */
  hook(fn: StandInHook): () => void;
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
  const held: HeldMessage[] = [];
  const uploads = new Map<string, Buffer>();
  const failing = new Map<string, string>();
  const hooks = new Set<StandInHook>();
  let lastTs = 0;
  const botUserId = options.botUserId ?? 'UBOT';
  const teamId = options.teamId ?? 'T0001';

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: botUserId, bot_id: options.botId ?? 'BBOT', team_id: teamId, user: 'techtree', team: 'Acme' };
      case 'chat.postMessage': {
        // Slack's ts: seconds.micro, unique and increasing per channel.
        lastTs = Math.max(lastTs + 1, Date.now() * 1000);
        const ts = `${Math.floor(lastTs / 1e6)}.${String(lastTs % 1e6).padStart(6, '0')}`;
        const channel = String(body.channel);
        const metadata = body.metadata as HeldMessage['metadata'] | undefined;
        held.push({ channel, ts, text: String(body.text ?? ''), ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}), ...(metadata ? { metadata } : {}) });
        return { ok: true, channel, ts };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}` };
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const withMeta = String(body.include_all_metadata) === 'true';
        const messages = held.filter((m) => m.channel === String(body.channel) && Number(m.ts) >= oldest).reverse()
          .map(({ channel: _c, metadata, ...m }) => ({ type: 'message', ...m, ...(withMeta && metadata ? { metadata } : {}) }));
        return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
      }
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
      const gone = typeof body.channel === 'string' ? failing.get(body.channel) : undefined;
      let reply: CannedAnswer | undefined = canned.get(method);
      if (reply !== undefined) canned.delete(method);
      else if (gone !== undefined && path.startsWith('/api/')) reply = { status: 200, body: { ok: false, error: gone } };
      else if (path.startsWith('/api/')) reply = { status: 200, body: answer(method, body) };
      if (path.startsWith('/upload/')) uploads.set(path.slice('/upload/'.length), raw);
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, raw, at: Date.now(), status: reply?.status ?? 200 };
      for (const h of hooks) {
        const instead = h(recorded);
        if (instead) reply = instead;
      }
      const record = { ...recorded, status: reply?.status ?? 200 };
      const send = () => {
        if (reply) res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
        else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      };
      if (options.responseUrlDelayMs && path.startsWith('/response/')) setTimeout(send, options.responseUrlDelayMs);
      else send();
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
    failChannel: (channel, error) => (error === undefined ? failing.delete(channel) : failing.set(channel, error)),
    messages: (channel) => held.filter((m) => m.channel === channel),
    uploads,
    hook(fn) {
      hooks.add(fn);
      return () => hooks.delete(fn);
    },
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
