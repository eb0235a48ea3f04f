import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from './progress';

const ROOT = join(__dirname, '..', '..');

/** A service process (API or worker) of the project, started as `npm start` would run it. */
export class ServiceProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly label: string,
  ) {}

  static start(
    label: string,
    entry: string,
    env: Record<string, string>,
    args: string[] = [],
  ): ServiceProcess {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', entry, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, TS_NODE_TRANSPILE_ONLY: 'true' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('exit', (code) => {
      if (code !== 0 && code !== null)
        process.stderr.write(`[${label}] exited ${code}: ${stderr}\n`);
    });
    return new ServiceProcess(child, label);
  }

  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

export async function waitForHealth(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  await waitUntil(
    `${baseUrl}/health`,
    async () => {
      try {
        return (await fetch(`${baseUrl}/health`)).status === 200;
      } catch {
        return false;
      }
    },
    { timeoutMs, intervalMs: 250 },
  );
}
