// `techtree worker` has no HTTP server of its own: this one serves its Prometheus metrics on
// METRICS_PORT (default 9464), so workers are scraped like the app replicas.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import { metricsText } from '../metrics.ts';

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0: a free one) and answers GET /metrics; every other path is a 404. Rejects when the port is taken. */
export async function startMetricsServer(port: number, logger: Logger): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url ?? '/').split('?')[0] === '/metrics') {
      void metricsText().then(({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: this port serves GET /metrics only\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(
      error.code === 'EADDRINUSE' ? new Error(`METRICS_PORT ${port} is already in use: choose another port, or METRICS_PORT=off`, { cause: error }) : error,
    ));
    server.listen(port, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info('metrics: listening', { port: bound, path: '/metrics' });
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
