import { Writable } from 'node:stream';
import pino, { type LoggerOptions as PinoOptions } from 'pino';
import { loadConfig } from './env.validation';
import { chooseLogFormat, loggerOptions, LogTarget, redactUrl } from './logger-options';

describe('redactUrl', () => {
  it('hides rater tokens in paths and sign-in tokens in query strings', () => {
    expect(redactUrl('/r/abcDEF123_-xyz')).toBe('/r/[redacted]');
    expect(redactUrl('/api/v1/responses/abcDEF/draft')).toBe('/api/v1/responses/[redacted]/draft');
    expect(redactUrl('/sign-in?token=secret&x=1')).toBe('/sign-in?token=[redacted]&x=1');
  });

  it('leaves other paths alone', () => {
    expect(redactUrl('/api/v1/people?page=2')).toBe('/api/v1/people?page=2');
  });
});

describe('chooseLogFormat', () => {
  it('is pretty only for a terminal in development', () => {
    expect(chooseLogFormat('development', true)).toBe('pretty');
  });

  it('is JSON through a pipe, in production and in tests', () => {
    expect(chooseLogFormat('development', false)).toBe('json');
    expect(chooseLogFormat('development', undefined)).toBe('json');
    expect(chooseLogFormat('production', true)).toBe('json');
    expect(chooseLogFormat('test', true)).toBe('json');
  });
});

describe('loggerOptions', () => {
  const optionsOf = (env: Record<string, string>, target?: LogTarget) =>
    loggerOptions(loadConfig(env), target).pinoHttp as PinoOptions & { stream: unknown };

  /** A pino logger built from the options, writing its JSON lines into an array. */
  function loggerWith(options: PinoOptions): { logger: pino.Logger; lines: () => object[] } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    const { hooks, level } = options;
    return {
      logger: pino({ hooks, level }, stream),
      lines: () =>
        chunks
          .join('')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as object),
    };
  }

  it('logs at info by default, and at warn where the entry point asks (the CLI)', () => {
    expect(optionsOf({}).level).toBe('info');
    expect(optionsOf({}, { destination: 2, defaultLevel: 'warn' }).level).toBe('warn');
    expect(optionsOf({ NODE_ENV: 'test' }).level).toBe('warn');
  });

  it('takes LOG_LEVEL over every default', () => {
    expect(optionsOf({ LOG_LEVEL: 'debug' }, { destination: 2, defaultLevel: 'warn' }).level).toBe(
      'debug',
    );
  });

  it('writes to stderr when asked (the CLI keeps stdout for its answer)', () => {
    expect(optionsOf({ NODE_ENV: 'test' }, { destination: 2 }).stream).toBe(process.stderr);
    expect(optionsOf({ NODE_ENV: 'test' }).stream).toBe(process.stdout);
  });

  it("moves Nest's start-up chatter to debug and keeps every other info line", () => {
    const atInfo = loggerWith(optionsOf({ LOG_LEVEL: 'info' }));
    atInfo.logger.info({ context: 'RouterExplorer' }, 'Mapped {/api/v1/me, GET} route');
    atInfo.logger.info({ context: 'OutboxRelay' }, 'Relayed');
    atInfo.logger.info('Collective 360 is listening');
    expect(atInfo.lines()).toEqual([
      expect.objectContaining({ level: 30, context: 'OutboxRelay', msg: 'Relayed' }),
      expect.objectContaining({ level: 30, msg: 'Collective 360 is listening' }),
    ]);

    const atDebug = loggerWith(optionsOf({ LOG_LEVEL: 'debug' }));
    atDebug.logger.info({ context: 'RouterExplorer' }, 'Mapped {/api/v1/me, GET} route');
    expect(atDebug.lines()).toEqual([
      expect.objectContaining({ level: 20, msg: 'Mapped {/api/v1/me, GET} route' }),
    ]);
  });
});
