import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { waitUntil } from '../../bench/lib/progress';

const run = promisify(execFile);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The newest PostgreSQL server binaries of the machine (pg_ctl, initdb). */
function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`${name} not found under ${root}: install PostgreSQL`);
  return join(root, versions[0], 'bin', name);
}

const IS_ROOT = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: then its commands run as the postgres user. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return IS_ROOT ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

/**
 * A PostgreSQL cluster of the run's own (initdb into a temporary directory, a spare port,
 * fsync off), which a scenario may stop and restart; never the machine's shared server.
 */
export class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'c360-chaos-pg-'));
  port = 0;

  async start(): Promise<this> {
    if (IS_ROOT)
      chownSync(
        this.dir,
        Number((await run('id', ['-u', 'postgres'])).stdout),
        Number((await run('id', ['-g', 'postgres'])).stdout),
      );
    this.port = await freePort();
    const data = join(this.dir, 'data');
    await run(
      ...asPostgres(pgBin('initdb'), [
        '-D',
        data,
        '-U',
        'postgres',
        '-A',
        'trust',
        '--no-sync',
        '-E',
        'UTF8',
      ]),
    );
    await this.ctl('start');
    return this;
  }

  private async ctl(action: 'start' | 'restart' | 'stop', mode = 'fast'): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await run(
      ...asPostgres(pgBin('pg_ctl'), [
        '-D',
        join(this.dir, 'data'),
        '-l',
        join(this.dir, 'log'),
        '-m',
        mode,
        '-w',
        '-o',
        options,
        action,
      ]),
    );
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<void> {
    const c = new Client({ connectionString: this.url('postgres') });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
  }

  /** Fast shutdown (every connection cut), then start again on the same port. */
  async stop(): Promise<void> {
    await this.ctl('stop');
  }

  async startAgain(): Promise<void> {
    await this.ctl('start');
  }

  async destroy(): Promise<void> {
    await this.ctl('stop', 'immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A redis-server of the run's own on a spare port, with an append-only file synced on every
 * write (as a queue's Redis should run), which a scenario may restart or kill.
 */
export class OwnRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'c360-chaos-redis-'));
  port = 0;
  private child: ChildProcess | null = null;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) this.port = await freePort();
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    await waitUntil(
      `redis-server on ${this.port}`,
      async () => {
        const r = new Redis(this.url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        r.on('error', () => undefined);
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          r.disconnect();
        }
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    return this;
  }

  /** SIGTERM (Redis saves and exits) or SIGKILL (a crash); waits for the exit. */
  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.child = null;
  }

  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export type SmtpMode = 'accept' | '451-then-accept' | '550' | '451';

/**
 * An SMTP server whose answer to each recipient a scenario sets: accept, a temporary 451 the
 * first time then accept, a permanent 550, or 451 every time. Counts attempts and deliveries
 * per recipient, and Message-IDs (to find duplicates).
 */
export class ChaosSmtp {
  mode: SmtpMode = 'accept';
  /** Pause before accepting each message (to make a launch last long enough to break). */
  delayMs = 0;
  readonly attempts = new Map<string, number>();
  readonly delivered = new Map<string, number>();
  readonly byMessageId = new Map<string, number>();
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const to = address.address.toLowerCase();
        const n = (this.attempts.get(to) ?? 0) + 1;
        this.attempts.set(to, n);
        const reject = (code: number, text: string) => {
          const error = new Error(text) as Error & { responseCode: number };
          error.responseCode = code;
          callback(error);
        };
        if (this.mode === '550') return reject(550, '5.1.1 No such user here');
        if (this.mode === '451' || (this.mode === '451-then-accept' && n === 1))
          return reject(451, '4.3.0 Try again later');
        callback();
      },
      onData: (stream, session, callback) => {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 8000) head += chunk.toString('utf8');
        });
        stream.on('end', () => {
          const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `(none ${Math.random()})`;
          const finish = () => {
            this.byMessageId.set(id, (this.byMessageId.get(id) ?? 0) + 1);
            for (const r of session.envelope.rcptTo) {
              const to = r.address.toLowerCase();
              this.delivered.set(to, (this.delivered.get(to) ?? 0) + 1);
            }
            callback();
          };
          if (this.delayMs) setTimeout(finish, this.delayMs);
          else finish();
        });
      },
    });
    // A client killed mid-conversation (kill -9 of a worker) is a broken pipe here: expected.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get received(): number {
    let n = 0;
    for (const v of this.byMessageId.values()) n += v;
    return n;
  }

  get duplicates(): number {
    let d = 0;
    for (const n of this.byMessageId.values()) if (n > 1) d += n - 1;
    return d;
  }

  reset(): void {
    this.attempts.clear();
    this.delivered.clear();
    this.byMessageId.clear();
    this.mode = 'accept';
    this.delayMs = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
