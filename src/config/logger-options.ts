import type { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream, LogFn, Logger as PinoInstance } from 'pino';
import type { AppConfig } from './env.validation';

/** Paths whose last segment is a secret (rater tokens); query strings may carry sign-in tokens. */
const TOKEN_PATHS = [/^(\/r\/)[^/?#]+/, /^(\/api\/v1\/responses\/)[^/?#]+/];

export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  let out = url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
  for (const pattern of TOKEN_PATHS) out = out.replace(pattern, '$1[redacted]');
  return out;
}

export type LogFormat = 'pretty' | 'json';

/**
 * A person at a terminal in development reads pretty lines; everything else (production, tests,
 * a pipe, a log collector) gets one JSON object a line.
 */
export function chooseLogFormat(env: AppConfig['env'], isTTY: boolean | undefined): LogFormat {
  return env === 'development' && isTTY === true ? 'pretty' : 'json';
}

/** Where logs go, and the level when LOG_LEVEL is not set. */
export interface LogTarget {
  /** 1 = stdout (the API and the worker), 2 = stderr (the CLI keeps stdout for its answer). */
  destination: 1 | 2;
  /** The CLI logs only warnings unless LOG_LEVEL says otherwise. */
  defaultLevel?: string;
}

/**
 * Nest's start-up chatter (one line per module and per route, about a hundred) goes to `debug`:
 * `LOG_LEVEL=debug` still shows it.
 */
const START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);
const INFO = 30;

function isStartUpChatter(first: unknown): boolean {
  const context = (first as { context?: unknown } | null)?.context;
  return typeof context === 'string' && START_UP_CONTEXTS.has(context);
}

/** Logs with a request id; never tokens, cookies or Authorization headers. */
export function loggerOptions(config: AppConfig, target: LogTarget = { destination: 1 }): Params {
  const output = target.destination === 2 ? process.stderr : process.stdout;
  const format = chooseLogFormat(config.env, output.isTTY);
  const stream = (format === 'pretty' && prettyStream(target.destination)) || output;
  return {
    pinoHttp: {
      level: config.logLevel ?? target.defaultLevel ?? (config.env === 'test' ? 'warn' : 'info'),
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
      hooks: {
        logMethod(this: PinoInstance, args: Parameters<LogFn>, method: LogFn, level: number) {
          if (level === INFO && isStartUpChatter(args[0])) {
            if (this.isLevelEnabled('debug')) this.debug(...args);
            return;
          }
          method.apply(this, args);
        },
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
      stream,
    },
  };
}

/**
 * pino-pretty writing synchronously (no worker thread to flush at exit). It is a development
 * dependency: an image built without it logs JSON, as production does anyway.
 */
function prettyStream(fd: 1 | 2): DestinationStream | null {
  let pretty: typeof import('pino-pretty');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    pretty = require('pino-pretty') as typeof import('pino-pretty');
  } catch {
    return null;
  }
  return pretty({
    destination: fd,
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,req,res,responseTime',
    singleLine: true,
    messageFormat: (log, messageKey) => {
      const req = log.req as { method?: string; url?: string } | undefined;
      const res = log.res as { statusCode?: number } | undefined;
      if (req && res && log[messageKey] === 'request completed') {
        return `${req.method} ${req.url} ${res.statusCode} in ${String(log.responseTime)} ms`;
      }
      const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
      const message = log[messageKey];
      return `${context}${typeof message === 'string' ? message : JSON.stringify(message ?? '')}`;
    },
  });
}
