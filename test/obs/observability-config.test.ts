// The observability variables: read, defaulted, refused with the variable named.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('observability configuration', () => {
  it('defaults: JSON logs, the worker\'s metrics on 9464, no tracing', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ logFormat: 'json', metricsPort: 9464, secrets: [] });
    expect(c.telemetry).toBeUndefined();
  });

  it('reads LOG_FORMAT, METRICS_PORT (or off) and the OTLP endpoint, protocol and service name', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ METRICS_PORT: '9100' }).metricsPort).toBe(9100);
    expect(loadConfig({ METRICS_PORT: 'off' }).metricsPort).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).telemetry).toEqual({ endpoint: 'http://collector:4318', protocol: 'http/protobuf', serviceName: 'techtree' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example:4318/', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'techtree-eu' }).telemetry)
      .toEqual({ endpoint: 'https://otel.example:4318/', protocol: 'http/json', serviceName: 'techtree-eu' });
  });

  it.each([
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT', /json or pretty/],
    [{ METRICS_PORT: 'ninety' }, 'METRICS_PORT', /port number 0-65535, or "off"/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT', /http: or https: URL|URL like/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL', /gRPC is not supported/],
  ])('refuses %j naming %s', (env, variable, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(message);
  });

  it('collects the secrets the logger must hide: tokens, app password, OTLP header values, URL passwords', () => {
    const c = loadConfig({
      SLACK_SIGNING_SECRET: 'sign-0123456789', SLACK_BOT_TOKEN: 'xoxb-1-2', MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001', MICROSOFT_APP_PASSWORD: 'ms~pass.word',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=k%3Dey123,other=v2', DATABASE_URL: 'postgres://tt:pg%40pass@db/tt', REDIS_URL: 'redis://:redispass@r:6379',
    });
    expect(c.secrets).toEqual(expect.arrayContaining(['sign-0123456789', 'xoxb-1-2', 'ms~pass.word', 'k%3Dey123', 'k=ey123', 'v2', 'pg%40pass', 'pg@pass', 'redispass']));
  });
});
