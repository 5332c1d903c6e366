// What must never reach a log line, in two layers. pino's `redact` blanks fields known to hold
// secrets (REDACT_PATHS), wherever a call site passes them. The scrubber then reads every finished
// line and replaces what looks like a secret inside text: an error message with a token in a URL,
// a header dumped by a library, a connection string, and the configured secret values themselves
// (Config.secrets), which have no recognisable shape (a signing secret is 32 hex digits).

/** Field paths pino blanks out ("[Redacted]"), at the top level and one level down. */
export const REDACT_PATHS: readonly string[] = (() => {
  const names = [
    'token', 'botToken', 'appToken', 'accessToken', 'access_token', 'refreshToken', 'signingSecret', 'secret', 'clientSecret', 'client_secret',
    'password', 'appPassword', 'MICROSOFT_APP_PASSWORD', 'authorization', 'Authorization', 'cookie', '"x-slack-signature"',
    'responseUrl', 'response_url', 'databaseUrl', 'redisUrl',
  ];
  const paths: string[] = [];
  for (const n of names) {
    const key = n.startsWith('"') ? `[${n}]` : `.${n}`;
    paths.push(n.startsWith('"') ? `[${n}]` : n, `*${key}`, `headers${key}`, `*.headers${key}`, `config.headers${key}`, `replyTo${key}`);
  }
  return paths;
})();

const CENSOR = '[Redacted]';

/** Shapes of secrets that may turn up inside text. Each keeps a harmless prefix so the line still says what was there. */
const PATTERNS: readonly [RegExp, string][] = [
  // Slack bot, user and app-level tokens.
  [/\b(xox[abpors]|xapp)-[A-Za-z0-9-]{4,}/g, `$1-${CENSOR}`],
  // Authorization header values.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${CENSOR}`],
  // Credentials in URLs: postgres://user:password@host, redis://:password@host.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'`]*):[^\s@"'`/]+@/gi, `$1:${CENSOR}@`],
  // Secrets in query strings: ?token=…, &signature=…
  [/([?&](?:token|access_token|refresh_token|secret|client_secret|password|pwd|sig|signature|code|key|api_key|apikey)=)[^&\s"'`#]+/gi, `$1${CENSOR}`],
  // Slack's capability URLs (response_url, incoming webhooks): the path is the secret.
  [/(hooks\.slack\.com\/(?:commands|actions|services|workflows|triggers)\/)[^\s"'`]+/g, `$1${CENSOR}`],
  // Slack request signatures.
  [/\bv0=[a-f0-9]{64}\b/g, `v0=${CENSOR}`],
];

/** A secret shorter than this is not searched for: it would blank ordinary words. */
const MIN_SECRET_LENGTH = 8;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that returns `line` with every secret replaced by "[Redacted]": the `secrets` given
 * (as typed, as escaped inside JSON, and URL-encoded) and the shapes in PATTERNS. Secrets
 * shorter than 8 characters are ignored.
 */
export function createScrubber(secrets: readonly string[]): (line: string) => string {
  const variants = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    variants.add(s);
    variants.add(JSON.stringify(s).slice(1, -1));
    variants.add(encodeURIComponent(s));
  }
  const known = variants.size ? new RegExp([...variants].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g') : undefined;
  return (line) => {
    let out = known ? line.replace(known, CENSOR) : line;
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
}

interface ErrorShape {
  readonly code?: unknown;
  readonly status?: unknown;
  readonly statusCode?: unknown;
  readonly details?: { readonly platformError?: unknown; readonly status?: unknown };
  readonly cause?: unknown;
}

/**
 * An Error as a plain object for a log line: type, message, code, HTTP status and platform error
 * when it has them, and its causes (at most 5 deep). Only these: a library's error may carry its
 * whole request (axios keeps the Authorization header in `config`). The stack is kept for an error
 * without a code (its own, not its causes'): a bug, rather than an outage its code already names.
 */
export function serialiseError(error: Error, depth = 0): Record<string, unknown> {
  const e = error as Error & ErrorShape;
  const code = typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined;
  const status = e.details?.status ?? e.status ?? e.statusCode;
  const platformError = e.details?.platformError;
  const cause = e.cause;
  return {
    type: error.name,
    message: error.message,
    ...(code !== undefined ? { code } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof platformError === 'string' ? { platformError } : {}),
    ...(code === undefined && depth === 0 && error.stack ? { stack: error.stack } : {}),
    ...(cause === undefined || depth >= 5 ? {} : { cause: cause instanceof Error ? serialiseError(cause, depth + 1) : String(cause).slice(0, 500) }),
  };
}
