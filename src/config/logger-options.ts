import type { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from './env.validation';

/** Paths whose last segment is a secret (rater tokens); query strings may carry sign-in tokens. */
const TOKEN_PATHS = [/^(\/r\/)[^/?#]+/, /^(\/api\/v1\/responses\/)[^/?#]+/];

export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  let out = url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
  for (const pattern of TOKEN_PATHS) out = out.replace(pattern, '$1[redacted]');
  return out;
}

/** JSON logs with a request id; never tokens, cookies or Authorization headers. */
export function loggerOptions(config: AppConfig, destination: 1 | 2 = 1): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const header = req.headers['x-request-id'];
        const id =
          typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.accessToken'],
        censor: '[redacted]',
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
      stream: destination === 2 ? process.stderr : process.stdout,
    },
  };
}
