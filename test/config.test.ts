import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const GUID = '11111111-2222-3333-4444-555555555555';

describe('config', () => {
  it('Teams: off without an app id; on with one; emulator mode only when asked for', () => {
    expect(loadConfig({}).teams).toBeUndefined();
    expect(loadConfig({ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 'secret' }).teams).toEqual({ appId: GUID, appPassword: 'secret', appType: 'MultiTenant', emulator: false });
    expect(loadConfig({ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TYPE: 'singletenant', MICROSOFT_APP_TENANT_ID: 't1' }).teams).toMatchObject({ appType: 'SingleTenant', tenantId: 't1' });
    expect(loadConfig({ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't1' }).teams).toMatchObject({ appType: 'UserAssignedMSI' });
    expect(loadConfig({ TEAMS_EMULATOR: '1' }).teams).toEqual({ appType: 'MultiTenant', emulator: true });
    expect(loadConfig({ TEAMS_EMULATOR: '0' }).teams).toBeUndefined();
    // The default type that .env.example and docker-compose.yml pass leaves Teams off without complaint.
    expect(loadConfig({ MICROSOFT_APP_TYPE: 'MultiTenant' }).teams).toBeUndefined();
    expect(loadConfig({
      MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 's', TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:9/openid', TEAMS_TOKEN_ISSUER: 'http://127.0.0.1:9/issuer', TEAMS_LOGIN_URL: 'http://127.0.0.1:9/',
    }).teams!.endpoints).toEqual({ openIdMetadataUrl: 'http://127.0.0.1:9/openid', tokenIssuer: 'http://127.0.0.1:9/issuer', loginUrl: 'http://127.0.0.1:9', oauthScope: 'https://api.botframework.com' });
  });

  it('has working defaults: embedded SQLite, no Slack', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, sqlitePath: './data/techtree.db', treesDir: './trees', admins: [], logLevel: 'info' });
    expect(c.slack).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
    // One shutdown budget under Docker's 10 s grace period; inbox leases and retention.
    expect(c).toMatchObject({ drainMs: 8000, inboxLeaseMs: 30_000, inboxRetentionDays: 7 });
  });

  it('reads the shutdown budget and the inbox settings', () => {
    expect(loadConfig({ TECHTREE_DRAIN_SECONDS: '2.5', TECHTREE_INBOX_LEASE_SECONDS: '5', TECHTREE_INBOX_RETENTION_DAYS: '30' }))
      .toMatchObject({ drainMs: 2500, inboxLeaseMs: 5000, inboxRetentionDays: 30 });
  });

  it('reads Slack, Postgres and admins', () => {
    const c = loadConfig({
      SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'http://127.0.0.1:9/api', DATABASE_URL: 'postgres://u@h/db', TECHTREE_ADMINS: 'U1, slack:U2',
    });
    expect(c.slack).toEqual({ signingSecret: 's', botToken: 'xoxb-1', apiUrl: 'http://127.0.0.1:9/api/' });
    expect(c.admins).toEqual(['U1', 'slack:U2']);
    expect(c.databaseUrl).toBe('postgres://u@h/db');
  });

  it('sizes the picture pool from TECHTREE_RENDER_THREADS, or from the CPU count', () => {
    expect(loadConfig({ TECHTREE_RENDER_THREADS: '3' }).renderThreads).toBe(3);
    const auto = loadConfig({}).renderThreads;
    expect(auto).toBeGreaterThanOrEqual(1);
    expect(auto).toBeLessThanOrEqual(4);
  });

  it('reads Redis and the digest settings, with defaults', () => {
    expect(loadConfig({}).digests).toEqual({ catchUpWindowMs: 72 * 3_600_000, attempts: 5, backoffMs: 60_000, staleAfterMs: 120_000, reconcileMs: 60_000, queuePrefix: 'techtree', lockMs: 30_000 });
    const c = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', DIGEST_CATCH_UP_HOURS: '24', DIGEST_ATTEMPTS: '3', DIGEST_BACKOFF_SEC: '10', DIGEST_STALE_AFTER_SEC: '30', DIGEST_RECONCILE_SEC: '5', DIGEST_QUEUE_PREFIX: 'tt-prod', DIGEST_LOCK_SEC: '10' });
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.digests).toEqual({ catchUpWindowMs: 24 * 3_600_000, attempts: 3, backoffMs: 10_000, staleAfterMs: 30_000, reconcileMs: 5000, queuePrefix: 'tt-prod', lockMs: 10_000 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TECHTREE_RENDER_THREADS: '0' }, 'TECHTREE_RENDER_THREADS'],
    [{ TECHTREE_RENDER_THREADS: 'two' }, 'TECHTREE_RENDER_THREADS'],
    [{ TECHTREE_RENDER_THREADS: '1.5' }, 'TECHTREE_RENDER_THREADS'],
    [{ TECHTREE_RENDER_THREADS: '99' }, 'TECHTREE_RENDER_THREADS'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxp-user' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'nope' }, 'SLACK_APP_TOKEN'],
    // An app token alone is someone turning Slack on halfway: never silently ignored.
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ MICROSOFT_APP_ID: 'not-a-guid', MICROSOFT_APP_PASSWORD: 'p' }, 'MICROSOFT_APP_ID'],
    [{ MICROSOFT_APP_ID: GUID }, 'MICROSOFT_APP_PASSWORD'],
    [{ MICROSOFT_APP_PASSWORD: 'p' }, 'MICROSOFT_APP_ID'],
    [{ MICROSOFT_APP_TYPE: 'SingleTenant' }, 'MICROSOFT_APP_ID'],
    [{ MICROSOFT_APP_TENANT_ID: 't1' }, 'MICROSOFT_APP_ID'],
    [{ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'SingleTenant' }, 'MICROSOFT_APP_TENANT_ID'],
    [{ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_TYPE: 'UserAssignedMSI' }, 'MICROSOFT_APP_TENANT_ID'],
    [{ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'AnyTenant' }, 'MICROSOFT_APP_TYPE'],
    [{ TEAMS_EMULATOR: 'yes' }, 'TEAMS_EMULATOR'],
    // The endpoint overrides go together: botbuilder replaces its whole set when one is given.
    [{ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 'p', TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:1/openid' }, 'TEAMS_TOKEN_ISSUER'],
    [{ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 'p', TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:1/openid', TEAMS_TOKEN_ISSUER: 'x' }, 'TEAMS_LOGIN_URL'],
    [{ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 'p', TEAMS_OPENID_METADATA_URL: 'ftp://x', TEAMS_TOKEN_ISSUER: 'x', TEAMS_LOGIN_URL: 'http://127.0.0.1:1' }, 'TEAMS_OPENID_METADATA_URL'],
    [{ TEAMS_OAUTH_SCOPE: 'https://api.botframework.com' }, 'TEAMS_OAUTH_SCOPE'],
    [{ TECHTREE_DRAIN_SECONDS: 'soon' }, 'TECHTREE_DRAIN_SECONDS'],
    [{ TECHTREE_DRAIN_SECONDS: '0' }, 'TECHTREE_DRAIN_SECONDS'],
    [{ TECHTREE_DRAIN_SECONDS: '-8' }, 'TECHTREE_DRAIN_SECONDS'],
    [{ TECHTREE_INBOX_LEASE_SECONDS: '0' }, 'TECHTREE_INBOX_LEASE_SECONDS'],
    [{ TECHTREE_INBOX_RETENTION_DAYS: '1.5' }, 'TECHTREE_INBOX_RETENTION_DAYS'],
    [{ DIGEST_CATCH_UP_HOURS: 'three days' }, 'DIGEST_CATCH_UP_HOURS'],
    [{ DIGEST_CATCH_UP_HOURS: '-1' }, 'DIGEST_CATCH_UP_HOURS'],
    [{ DIGEST_ATTEMPTS: '0' }, 'DIGEST_ATTEMPTS'],
    [{ DIGEST_BACKOFF_SEC: '1.5' }, 'DIGEST_BACKOFF_SEC'],
    [{ DIGEST_STALE_AFTER_SEC: '1' }, 'DIGEST_STALE_AFTER_SEC'],
    [{ DIGEST_RECONCILE_SEC: '99999' }, 'DIGEST_RECONCILE_SEC'],
    [{ DIGEST_QUEUE_PREFIX: 'has space' }, 'DIGEST_QUEUE_PREFIX'],
    [{ DIGEST_LOCK_SEC: '1' }, 'DIGEST_LOCK_SEC'],
  ] as [Record<string, string>, string][])('rejects %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: `));
  });
});
