// The only reader of the environment. Validated once; every error names the variable and what it expects.
import { availableParallelism } from 'node:os';

export interface SlackConfig {
  readonly signingSecret: string;
  readonly botToken: string;
  /** Socket Mode instead of the HTTP receiver. */
  readonly appToken?: string;
  /** The Web API base, e.g. a local stand-in in tests. Default https://slack.com/api/ */
  readonly apiUrl?: string;
  /** Saves one auth.test at start. */
  readonly botUserId?: string;
}

export const MICROSOFT_APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type MicrosoftAppType = (typeof MICROSOFT_APP_TYPES)[number];

/**
 * Where Bot Framework's tokens come from and are checked against. Production leaves these unset
 * (botbuilder's public-cloud defaults); tests point all of them at a local stand-in, because
 * botbuilder replaces its whole set of endpoints as soon as one is given.
 */
export interface TeamsEndpoints {
  /** OpenID metadata whose JWKS signs incoming tokens (ToBotFromChannelOpenIdMetadataUrl). TEAMS_OPENID_METADATA_URL. */
  readonly openIdMetadataUrl: string;
  /** The `iss` incoming tokens must carry (ToBotFromChannelTokenIssuer). TEAMS_TOKEN_ISSUER. */
  readonly tokenIssuer: string;
  /** Where outgoing tokens are fetched (ToChannelFromBotLoginUrl; `<url>/oauth2/v2.0/token`). TEAMS_LOGIN_URL. */
  readonly loginUrl: string;
  /** The scope asked for outgoing tokens (ToChannelFromBotOAuthScope). TEAMS_OAUTH_SCOPE, default https://api.botframework.com. */
  readonly oauthScope: string;
}

export interface TeamsConfig {
  /** The Azure Bot's app (client) id; absent only in emulator mode. MICROSOFT_APP_ID. */
  readonly appId?: string;
  /** The client secret (MultiTenant, SingleTenant). MICROSOFT_APP_PASSWORD. */
  readonly appPassword?: string;
  /** The bot's home tenant (SingleTenant, UserAssignedMSI). MICROSOFT_APP_TENANT_ID. */
  readonly tenantId?: string;
  /** MICROSOFT_APP_TYPE, default MultiTenant. */
  readonly appType: MicrosoftAppType;
  /** TEAMS_EMULATOR=1: no app id, anonymous requests accepted (the local Bot Framework Emulator only). */
  readonly emulator: boolean;
  /** Test stand-ins for Microsoft's token endpoints; absent in production. */
  readonly endpoints?: TeamsEndpoints;
}

/** Scheduled digests: how far back to catch up, how to retry, where the BullMQ keys live. */
export interface DigestConfig {
  /** A missed slot older than this is not posted after downtime. DIGEST_CATCH_UP_HOURS, default 72. */
  readonly catchUpWindowMs: number;
  /** Attempts per digest, with exponential backoff. DIGEST_ATTEMPTS, default 5. */
  readonly attempts: number;
  /** First backoff delay; doubles each attempt. DIGEST_BACKOFF_SEC, default 60. */
  readonly backoffMs: number;
  /** A run claimed this long ago and not posted is presumed crashed. DIGEST_STALE_AFTER_SEC, default 120. */
  readonly staleAfterMs: number;
  /** How often schedulers are reconciled with the database (changes made by other replicas). DIGEST_RECONCILE_SEC, default 60. */
  readonly reconcileMs: number;
  /** Prefix of every BullMQ key in Redis. DIGEST_QUEUE_PREFIX, default `techtree`. */
  readonly queuePrefix: string;
  /** A worker's lock on a job, renewed while it works; a dead worker's job moves on within about twice this. DIGEST_LOCK_SEC, default 30. */
  readonly lockMs: number;
}

export interface Config {
  readonly port: number;
  /** SQLite file, the embedded default. */
  readonly sqlitePath: string;
  /** PostgreSQL instead of SQLite when set. */
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly treesDir: string;
  /** Platform user ids allowed to change council settings (`U123`, `slack:U123`, `teams:<Entra ID object id>`). */
  readonly admins: readonly string[];
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Worker threads drawing pictures. Default: one per CPU but one (left to the app), 1 to 4. */
  readonly renderThreads: number;
  /** Absent: Slack is off. */
  readonly slack?: SlackConfig;
  /** Absent: Teams is off (its endpoint refuses every request). */
  readonly teams?: TeamsConfig;
  /**
   * The one shutdown budget, in ms: after SIGTERM, requests in flight and the work already
   * acknowledged get this long in all; what is not finished stays in the inbox for the next start.
   */
  readonly drainMs: number;
  /** How long a process may work on one delivery before another may take it over (its process died), in ms. */
  readonly inboxLeaseMs: number;
  /** Finished inbox rows are deleted after this many days. */
  readonly inboxRetentionDays: number;
  /** Absent in hand-made configs (tests): DIGEST_DEFAULTS apply. */
  readonly digests?: DigestConfig;
  /** LOG_FORMAT: `json` (default) or `pretty` (pino-pretty, for a terminal). */
  readonly logFormat?: 'json' | 'pretty';
  /**
   * The configured secret values (SECRET_VARIABLES, and passwords inside DATABASE_URL and
   * REDIS_URL): the logger replaces them wherever they would appear in a line.
   */
  readonly secrets?: readonly string[];
  /** Port of `techtree worker`'s own /metrics endpoint (METRICS_PORT, default 9464); absent: off. `serve` has /metrics on PORT. */
  readonly metricsPort?: number;
  /** Traces over OTLP/HTTP; absent (OTEL_EXPORTER_OTLP_ENDPOINT unset): tracing is off. */
  readonly telemetry?: TelemetryConfig;
}

/** Where traces go. The OpenTelemetry SDK reads the other OTEL_* variables (headers, sampler) itself. */
export interface TelemetryConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT, the collector's base URL (http://collector:4318); spans go to `<endpoint>/v1/traces`. */
  readonly endpoint: string;
  /** OTEL_EXPORTER_OTLP_PROTOCOL: `http/protobuf` (default) or `http/json`. */
  readonly protocol: 'http/protobuf' | 'http/json';
  /** OTEL_SERVICE_NAME, default `techtree`. */
  readonly serviceName: string;
}

/** Variables whose values are secrets: never written to a log line (src/redaction.ts). */
export const SECRET_VARIABLES = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'MICROSOFT_APP_PASSWORD', 'OTEL_EXPORTER_OTLP_HEADERS'] as const;

/** Default port of the worker's /metrics (the OpenTelemetry Prometheus exporter's usual port). */
export const DEFAULT_METRICS_PORT = 9464;

export class ConfigError extends Error {
  readonly code = 'BadConfig';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function optional(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const v = optional(env, name);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, `expected a URL like ${protocols[0]}//host:port, got "${v}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got "${parsed.protocol}"`);
  }
  return v;
}

function port(env: Env, name: string, fallback: number): number {
  const v = optional(env, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(name, `expected a port number 0-65535, got "${v}"`);
  return n;
}

function number(env: Env, name: string, fallback: number, range: { min: number; max: number; integer?: boolean; unit: string }): number {
  const v = optional(env, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || (range.integer && !Number.isInteger(n)) || n < range.min || n > range.max) {
    throw new ConfigError(name, `expected ${range.integer ? 'a whole number of' : 'a number of'} ${range.unit} from ${range.min} to ${range.max}, got "${v}"`);
  }
  return n;
}

/** Most render threads worth having: each holds vega, the resvg wasm module and ~13 MB of fonts. */
export const MAX_RENDER_THREADS = 16;

function renderThreads(env: Env): number {
  const v = optional(env, 'TECHTREE_RENDER_THREADS');
  if (v === undefined) return Math.max(1, Math.min(4, availableParallelism() - 1));
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_RENDER_THREADS) {
    throw new ConfigError('TECHTREE_RENDER_THREADS', `expected a whole number of picture threads from 1 to ${MAX_RENDER_THREADS}, got "${v}"`);
  }
  return n;
}

export const DIGEST_DEFAULTS: DigestConfig = Object.freeze({
  catchUpWindowMs: 72 * 3_600_000, attempts: 5, backoffMs: 60_000, staleAfterMs: 120_000, reconcileMs: 60_000, queuePrefix: 'techtree', lockMs: 30_000,
});

function digests(env: Env): DigestConfig {
  const prefix = optional(env, 'DIGEST_QUEUE_PREFIX') ?? DIGEST_DEFAULTS.queuePrefix;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) throw new ConfigError('DIGEST_QUEUE_PREFIX', `expected 1-64 letters, digits, dots, dashes or underscores, got "${prefix}"`);
  return Object.freeze({
    catchUpWindowMs: number(env, 'DIGEST_CATCH_UP_HOURS', 72, { min: 0, max: 24 * 31, integer: true, unit: 'hours' }) * 3_600_000,
    attempts: number(env, 'DIGEST_ATTEMPTS', 5, { min: 1, max: 20, integer: true, unit: 'attempts' }),
    backoffMs: number(env, 'DIGEST_BACKOFF_SEC', 60, { min: 1, max: 3600, integer: true, unit: 'seconds' }) * 1000,
    staleAfterMs: number(env, 'DIGEST_STALE_AFTER_SEC', 120, { min: 5, max: 3600, integer: true, unit: 'seconds' }) * 1000,
    reconcileMs: number(env, 'DIGEST_RECONCILE_SEC', 60, { min: 1, max: 3600, integer: true, unit: 'seconds' }) * 1000,
    queuePrefix: prefix,
    lockMs: number(env, 'DIGEST_LOCK_SEC', 30, { min: 2, max: 600, integer: true, unit: 'seconds' }) * 1000,
  });
}

function slack(env: Env): SlackConfig | undefined {
  const signingSecret = optional(env, 'SLACK_SIGNING_SECRET');
  const botToken = optional(env, 'SLACK_BOT_TOKEN');
  if (!signingSecret && !botToken) {
    // An app token alone means someone meant to turn Slack on: say so rather than run without it.
    if (optional(env, 'SLACK_APP_TOKEN')) throw new ConfigError('SLACK_BOT_TOKEN', 'and SLACK_SIGNING_SECRET are required when SLACK_APP_TOKEN is set: Socket Mode still needs the bot token (xoxb-…) and the signing secret. Set both, or unset SLACK_APP_TOKEN to run without Slack');
    return undefined;
  }
  if (!signingSecret) throw new ConfigError('SLACK_SIGNING_SECRET', 'is required when SLACK_BOT_TOKEN is set (Slack app > Basic Information > Signing Secret)');
  if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN', 'is required when SLACK_SIGNING_SECRET is set (Slack app > OAuth & Permissions > Bot User OAuth Token, xoxb-…)');
  if (!botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN', 'expected a bot token starting with "xoxb-"');
  const appToken = optional(env, 'SLACK_APP_TOKEN');
  if (appToken && !appToken.startsWith('xapp-')) throw new ConfigError('SLACK_APP_TOKEN', 'expected an app-level token starting with "xapp-" (or leave it unset for the HTTP receiver)');
  const apiUrl = url(env, 'SLACK_API_URL', ['http:', 'https:']);
  const botUserId = optional(env, 'SLACK_BOT_USER_ID');
  return {
    signingSecret,
    botToken,
    ...(appToken ? { appToken } : {}),
    ...(apiUrl ? { apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    ...(botUserId ? { botUserId } : {}),
  };
}

function telemetry(env: Env): TelemetryConfig | undefined {
  const endpoint = url(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']);
  const protocol = optional(env, 'OTEL_EXPORTER_OTLP_PROTOCOL') ?? 'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    throw new ConfigError('OTEL_EXPORTER_OTLP_PROTOCOL', `expected http/protobuf or http/json (gRPC is not supported: use the collector's OTLP/HTTP port, usually 4318), got "${protocol}"`);
  }
  if (!endpoint) return undefined;
  return { endpoint, protocol, serviceName: optional(env, 'OTEL_SERVICE_NAME') ?? 'techtree' };
}

function metricsPort(env: Env): number | undefined {
  const v = optional(env, 'METRICS_PORT');
  if (v?.toLowerCase() === 'off') return undefined;
  try {
    return port(env, 'METRICS_PORT', DEFAULT_METRICS_PORT);
  } catch {
    throw new ConfigError('METRICS_PORT', `expected a port number 0-65535, or "off" for no /metrics in \`techtree worker\`, got "${v}"`);
  }
}

/** The configured secrets: each secret variable's value, and the password of each connection URL. */
function secrets(env: Env): string[] {
  const found: string[] = SECRET_VARIABLES.map((name) => optional(env, name)).filter((v): v is string => v !== undefined);
  // OTLP headers are `key=value,key=value`: each value is an API key.
  for (const pair of (optional(env, 'OTEL_EXPORTER_OTLP_HEADERS') ?? '').split(',')) {
    const value = pair.slice(pair.indexOf('=') + 1).trim();
    if (pair.includes('=') && value) found.push(value, decodeURIComponentSafe(value));
  }
  for (const name of ['DATABASE_URL', 'REDIS_URL']) {
    const v = optional(env, name);
    if (!v) continue;
    try {
      const password = new URL(v).password;
      if (password) found.push(password, decodeURIComponentSafe(password));
    } catch {
      // Not a URL: url() names the variable.
    }
  }
  return [...new Set(found)];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const DEFAULT_TEAMS_SCOPE = 'https://api.botframework.com';

function teamsEndpoints(env: Env): TeamsEndpoints | undefined {
  const names = ['TEAMS_OPENID_METADATA_URL', 'TEAMS_TOKEN_ISSUER', 'TEAMS_LOGIN_URL'] as const;
  const given = names.filter((n) => optional(env, n) !== undefined);
  if (given.length === 0) {
    if (optional(env, 'TEAMS_OAUTH_SCOPE')) throw new ConfigError('TEAMS_OAUTH_SCOPE', 'only applies with TEAMS_OPENID_METADATA_URL, TEAMS_TOKEN_ISSUER and TEAMS_LOGIN_URL (test stand-ins); unset it for Microsoft\'s cloud');
    return undefined;
  }
  // botbuilder swaps its whole set of endpoints when one is given: half a set would check tokens
  // against a stand-in and fetch them from Microsoft, or the other way round.
  const missing = names.find((n) => optional(env, n) === undefined);
  if (missing) throw new ConfigError(missing, `is required when ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} set: the Teams endpoint overrides go together (all three, or none for Microsoft's cloud)`);
  return {
    openIdMetadataUrl: url(env, 'TEAMS_OPENID_METADATA_URL', ['http:', 'https:'])!,
    tokenIssuer: optional(env, 'TEAMS_TOKEN_ISSUER')!,
    loginUrl: url(env, 'TEAMS_LOGIN_URL', ['http:', 'https:'])!.replace(/\/+$/, ''),
    oauthScope: optional(env, 'TEAMS_OAUTH_SCOPE') ?? DEFAULT_TEAMS_SCOPE,
  };
}

function teams(env: Env): TeamsConfig | undefined {
  const emulatorFlag = optional(env, 'TEAMS_EMULATOR');
  if (emulatorFlag !== undefined && emulatorFlag !== '1' && emulatorFlag !== '0') throw new ConfigError('TEAMS_EMULATOR', `expected 1 (accept the local Bot Framework Emulator without an app id) or 0, got "${emulatorFlag}"`);
  const emulator = emulatorFlag === '1';
  const appId = optional(env, 'MICROSOFT_APP_ID');
  const appPassword = optional(env, 'MICROSOFT_APP_PASSWORD');
  const tenantId = optional(env, 'MICROSOFT_APP_TENANT_ID');
  const typeText = optional(env, 'MICROSOFT_APP_TYPE') ?? 'MultiTenant';
  const appType = MICROSOFT_APP_TYPES.find((t) => t.toLowerCase() === typeText.toLowerCase());
  if (!appType) throw new ConfigError('MICROSOFT_APP_TYPE', `expected one of ${MICROSOFT_APP_TYPES.join(', ')} (as on the Azure Bot's Configuration page), got "${typeText}"`);
  const endpoints = teamsEndpoints(env);
  if (!appId) {
    if (appPassword) throw new ConfigError('MICROSOFT_APP_ID', 'is required when MICROSOFT_APP_PASSWORD is set (Azure Bot > Configuration > Microsoft App ID)');
    // Half a Teams configuration would otherwise start with Teams silently off.
    // (MICROSOFT_APP_TYPE=MultiTenant, the default that .env.example and compose pass, is no sign.)
    const stray = optional(env, 'MICROSOFT_APP_TENANT_ID') !== undefined ? 'MICROSOFT_APP_TENANT_ID' : appType !== 'MultiTenant' ? 'MICROSOFT_APP_TYPE' : undefined;
    if (stray && !emulator) throw new ConfigError('MICROSOFT_APP_ID', `is required when ${stray} is set (Azure Bot > Configuration > Microsoft App ID); unset ${stray} to leave Teams off`);
    return emulator ? { appType, emulator, ...(endpoints ? { endpoints } : {}) } : undefined;
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
    throw new ConfigError('MICROSOFT_APP_ID', `expected the app (client) id, a GUID like 00000000-0000-0000-0000-000000000000, got "${appId}"`);
  }
  if (appType !== 'UserAssignedMSI' && !appPassword) throw new ConfigError('MICROSOFT_APP_PASSWORD', `is required for MICROSOFT_APP_TYPE=${appType} (the client secret from the bot's app registration > Certificates & secrets)`);
  if (appType !== 'MultiTenant' && !tenantId) throw new ConfigError('MICROSOFT_APP_TENANT_ID', `is required for MICROSOFT_APP_TYPE=${appType} (the directory (tenant) id of the bot's app registration)`);
  return {
    appId,
    ...(appPassword ? { appPassword } : {}),
    ...(tenantId ? { tenantId } : {}),
    appType,
    emulator,
    ...(endpoints ? { endpoints } : {}),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = optional(env, 'LOG_LEVEL') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of debug, info, warn, error, got "${logLevel}"`);
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const slackConfig = slack(env);
  const logFormat = optional(env, 'LOG_FORMAT') ?? 'json';
  if (logFormat !== 'json' && logFormat !== 'pretty') throw new ConfigError('LOG_FORMAT', `expected json or pretty, got "${logFormat}"`);
  const telemetryConfig = telemetry(env);
  const metrics = metricsPort(env);
  const teamsConfig = teams(env);
  return Object.freeze({
    port: port(env, 'PORT', 3000),
    sqlitePath: optional(env, 'TECHTREE_DB') ?? './data/techtree.db',
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    treesDir: optional(env, 'TECHTREE_TREES') ?? './trees',
    admins: (optional(env, 'TECHTREE_ADMINS') ?? '').split(/[\s,]+/).filter(Boolean),
    logLevel: logLevel as Config['logLevel'],
    renderThreads: renderThreads(env),
    ...(slackConfig ? { slack: slackConfig } : {}),
    ...(teamsConfig ? { teams: teamsConfig } : {}),
    // Under Docker's default 10 s grace period before a SIGKILL (Kubernetes' default is 30 s).
    drainMs: number(env, 'TECHTREE_DRAIN_SECONDS', 8, { min: 1, max: 600, unit: 'seconds' }) * 1000,
    inboxLeaseMs: number(env, 'TECHTREE_INBOX_LEASE_SECONDS', 30, { min: 1, max: 3600, unit: 'seconds' }) * 1000,
    inboxRetentionDays: number(env, 'TECHTREE_INBOX_RETENTION_DAYS', 7, { min: 1, max: 3650, integer: true, unit: 'days' }),
    digests: digests(env),
    logFormat,
    secrets: secrets(env),
    ...(metrics === undefined ? {} : { metricsPort: metrics }),
    ...(telemetryConfig ? { telemetry: telemetryConfig } : {}),
  });
}
