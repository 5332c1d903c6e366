// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const outerLayers = ['store', 'bot', 'jobs', 'charts', 'cli', 'app', 'config', 'log', 'metrics', 'telemetry', 'redaction'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine is pure: no I/O, no clock, no environment, nothing from the outer layers.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: outerLayers.flatMap((l) => [`../${l}`, `../${l}/*`, `../../${l}/*`, `../${l}.ts`]), message: 'src/engine must not import the outer layers (nor log, metrics or telemetry: it measures nothing, it computes).' },
          { group: ['node:*', 'fs', 'fs/*', 'path', 'http', 'https', 'net', 'child_process', 'os', 'better-sqlite3', 'pg', 'kysely', 'ioredis', 'bullmq', '@slack/*', 'botbuilder', 'vega', 'vega-lite', '@resvg/*', 'pino', 'prom-client', '@opentelemetry/*'], message: 'src/engine is pure: pass data in instead of doing I/O.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/engine never reads the environment; take it as a parameter.' }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'src/engine has no clock: take `now` as a parameter.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/engine has no clock: take `now` as a parameter.' },
      ],
    },
  },
  {
    // The adapters and the CLI talk to the app only (and to config, log, metrics and telemetry): one
    // way in, so the store, the engine and the charts can change behind it. src/app/time.ts and
    // src/app/operations.ts pass on the few things they need from below.
    files: ['src/bot/**/*.ts', 'src/jobs/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)(store|engine|charts)(/|$)', message: 'src/bot, src/jobs and src/cli import src/app (and config, log, metrics, telemetry), never src/store, src/engine or src/charts: add what you need to src/app.' },
        ],
      }],
    },
  },
  {
    // Logging, metrics and tracing are leaves every layer may use (the store counts its busy
    // retries, the charts their queue): they import no layer back, so they never close a cycle.
    files: ['src/log.ts', 'src/metrics.ts', 'src/telemetry.ts', 'src/redaction.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^\\./(store|bot|jobs|charts|cli|app|engine)(/|$)', message: 'log, metrics and telemetry are leaves: they import no layer of the project (a type from ./config.ts is fine).' },
        ],
      }],
    },
  },
  {
    // Only src/config.ts reads the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' }],
    },
  },
);
