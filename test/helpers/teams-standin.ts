// A local stand-in for Microsoft's cloud as a Teams bot sees it: the Bot Connector (records every
// activity the bot posts, answers with chosen statuses), the OpenID metadata and JWKS that sign
// incoming tokens (a locally generated RSA key), the token endpoint for the bot's own posts, and
// a signer for incoming tokens, right or wrong in every way the token tests need.
import { createHmac, createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const APP_ID = '11111111-2222-3333-4444-555555555555';
export const TENANT_ID = 'a1b2c3d4-0000-4000-8000-00000000cafe';
export const BOT_ID = `28:${APP_ID}`;
const KID = 'standin-key-1';

export interface PostedActivity {
  readonly method: string;
  /** Decoded: `19:abc@thread.tacv2;messageid=1`. */
  readonly conversationId: string;
  /** The activity replied to (`POST …/activities/:replyTo`), or undefined for a new message. */
  readonly replyToId?: string;
  readonly activity: Record<string, unknown>;
  readonly authorization?: string;
  readonly status: number;
  readonly at: number;
}

export interface CannedAnswer {
  readonly status: number;
  readonly body?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/** Called for each connector post once recorded: an answer instead of the normal 200, or nothing. May kill the sender. */
export type ConnectorHook = (posted: Omit<PostedActivity, 'status'>) => CannedAnswer | undefined | void;

export interface TokenClaims {
  readonly iss?: string;
  readonly aud?: string;
  readonly serviceUrl?: string;
  /** Seconds from now; negative for an expired token. Default 3600. */
  readonly expiresIn?: number;
}

export interface TeamsStandIn {
  readonly url: string;
  /** The `serviceUrl` activities carry: where the bot posts back. */
  readonly serviceUrl: string;
  readonly openIdMetadataUrl: string;
  readonly issuer: string;
  readonly posted: PostedActivity[];
  /** Token requests the bot made (client credentials). */
  readonly tokenRequests: Record<string, string>[];
  /** Answers the next connector posts with these, in order, before returning to 200. */
  queue(...answers: CannedAnswer[]): void;
  hook(fn: ConnectorHook | undefined): void;
  /**
   * Answers connector posts whose body is over `bytes` with 413 MessageSizeTooBig, as Teams does
   * for a message too large; undefined lifts the limit. A hook or queued answer comes first.
   */
  limitBody(bytes: number | undefined): void;
  /** A token as the Bot Connector would sign it (RS256, the JWKS key). */
  token(claims?: TokenClaims): string;
  /** Bad tokens: signed by another key, `alg: none` with a key id, HS256 keyed with the public key. */
  forgedToken(kind: 'wrongKey' | 'algNone' | 'hs256'): string;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => string): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${sign(input)}`;
}

const rs256 = (key: KeyObject) => (input: string) => createSign('RSA-SHA256').update(input).sign(key).toString('base64url');

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

export async function startTeamsStandIn(): Promise<TeamsStandIn> {
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = signing.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const posted: PostedActivity[] = [];
  const tokenRequests: Record<string, string>[] = [];
  const queued: CannedAnswer[] = [];
  let hook: ConnectorHook | undefined;
  let maxBody: number | undefined;
  let base = '';
  let n = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await body(req);
      const path = (req.url ?? '/').split('?')[0]!;
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
      if (req.method === 'GET' && path === '/openid') return json(200, { issuer: `${base}/issuer`, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      if (req.method === 'GET' && path === '/keys') return json(200, { keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
      if (req.method === 'POST' && path === '/oauth2/v2.0/token') {
        tokenRequests.push(Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
        return json(200, { token_type: 'Bearer', expires_in: 3600, access_token: `standin-outgoing-${randomUUID()}` });
      }
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if (m && (req.method === 'POST' || req.method === 'PUT')) {
        const record = {
          method: req.method,
          conversationId: decodeURIComponent(m[1]!),
          ...(m[2] && req.method === 'POST' ? { replyToId: decodeURIComponent(m[2]) } : {}),
          activity: JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>,
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          at: Date.now(),
        };
        const tooLarge: CannedAnswer | undefined = maxBody !== undefined && raw.length > maxBody
          ? { status: 413, body: { error: { code: 'MessageSizeTooBig', message: `Message size ${raw.length} is more than ${maxBody} bytes.` } } }
          : undefined;
        const answer = hook?.(record) ?? queued.shift() ?? tooLarge ?? { status: 200, body: { id: `posted-${++n}` } };
        posted.push({ ...record, status: answer.status });
        return json(answer.status, answer.body ?? {}, answer.headers);
      }
      json(404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serviceUrl = `${base}/`;

  const claims = (c: TokenClaims = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: c.iss ?? `${base}/issuer`, aud: c.aud ?? APP_ID, serviceurl: c.serviceUrl ?? serviceUrl, nbf: now - 60, iat: now - 60, exp: now + (c.expiresIn ?? 3600) };
  };

  return {
    url: base,
    serviceUrl,
    openIdMetadataUrl: `${base}/openid`,
    issuer: `${base}/issuer`,
    posted,
    tokenRequests,
    queue: (...answers) => void queued.push(...answers),
    hook: (fn) => {
      hook = fn;
    },
    limitBody: (bytes) => {
      maxBody = bytes;
    },
    token: (c) => jwt({ alg: 'RS256', typ: 'JWT', kid: KID }, claims(c), rs256(signing.privateKey)),
    forgedToken(kind) {
      if (kind === 'wrongKey') return jwt({ alg: 'RS256', typ: 'JWT', kid: KID }, claims(), rs256(other.privateKey));
      if (kind === 'algNone') return jwt({ alg: 'none', typ: 'JWT', kid: KID }, claims(), () => '');
      const pem = signing.publicKey.export({ format: 'pem', type: 'spki' });
      return jwt({ alg: 'HS256', typ: 'JWT', kid: KID }, claims(), (input) => createHmac('sha256', pem).update(input).digest('base64url'));
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
