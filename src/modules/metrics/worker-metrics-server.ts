import { createServer, Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { metricsRegistry } from './metrics';

/**
 * A worker has no HTTP API, so it serves its own counters (emails, close durations) on a port
 * of its own: `GET /metrics` with `Authorization: Bearer <METRICS_TOKEN>`, nothing else.
 */
export function startWorkerMetricsServer(port: number, token: string): Promise<Server> {
  const expected = Buffer.from(`Bearer ${token}`);
  const server = createServer((req, res) => {
    const sent = Buffer.from(req.headers.authorization ?? '');
    const allowed = sent.length === expected.length && timingSafeEqual(sent, expected);
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
    } else if (!allowed) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Send the METRICS_TOKEN\n');
    } else {
      metricsRegistry
        .metrics()
        .then((body) => {
          res.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(body);
        })
        .catch(() => res.writeHead(503, { 'Content-Type': 'text/plain' }).end('Unavailable\n'));
    }
  });
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}
