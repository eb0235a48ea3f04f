import { ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { progress, waitUntil } from './progress';

const ROOT = join(__dirname, '..', '..');
/**
 * Where `buildServices` compiles the service (and the baselines) to: under node_modules (ignored,
 * and its packages resolve from there), one directory a run so that a smoke test and a bench
 * running at once do not build over each other. Removed when the run ends.
 */
const CACHE_DIR = join(ROOT, 'node_modules', '.cache');
const BUILD_DIR = join(CACHE_DIR, `c360-bench-${process.pid}`);

let built: Promise<void> | null = null;

/**
 * Compiles the service as `npm run build` would (tsc, no type check: `npx tsc` does that), once
 * per run. Services run compiled, as in production (`node dist/main.js`): under ts-node they
 * would carry the TypeScript compiler in memory and its REPL's `domain` hooks on every event.
 */
export function buildServices(): Promise<void> {
  built ??= (async () => {
    progress('building the service (tsc)');
    removeStaleBuilds();
    process.once('exit', removeBuild);
    await promisify(execFile)(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        'bench/tsconfig.build.json',
        '--noCheck',
        '--outDir',
        BUILD_DIR,
      ],
      { cwd: ROOT },
    );
    // The pages' templates and stylesheet, as nest-cli.json's assets copy them for `npm run build`.
    cpSync(join(ROOT, 'src', 'views'), join(BUILD_DIR, 'src', 'views'), { recursive: true });
  })();
  return built;
}

/** Removes this run's build (on exit; a test calls it in afterAll, as jest may not exit). */
export function removeBuild(): void {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  built = null;
}

/** Builds of runs that were killed before they could remove theirs. */
function removeStaleBuilds(): void {
  if (!existsSync(CACHE_DIR)) return;
  for (const name of readdirSync(CACHE_DIR)) {
    const pid = Number(/^c360-bench-(\d+)$/.exec(name)?.[1]);
    if (pid && !isAlive(pid)) rmSync(join(CACHE_DIR, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every child still running, so that a failed or interrupted run can stop them all. */
const running = new Set<ServiceProcess>();

export interface StartOptions {
  args?: string[];
  /** Write a V8 CPU profile (`--cpu-prof`) into this directory when the process stops. */
  profileDir?: string;
}

/** A service process (API or worker) of the project, started as `npm run start:prod` would run it. */
export class ServiceProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly label: string,
  ) {}

  /** `entry`: a source file such as `src/worker.ts`, run from its build (`buildServices`). */
  static start(
    label: string,
    entry: string,
    env: Record<string, string>,
    options: StartOptions = {},
  ): ServiceProcess {
    const script = join(BUILD_DIR, entry.replace(/\.ts$/, '.js'));
    if (!existsSync(script)) throw new Error(`${script} is missing: await buildServices() first`);
    const nodeArgs: string[] = [];
    if (options.profileDir) {
      mkdirSync(options.profileDir, { recursive: true });
      nodeArgs.unshift(
        '--cpu-prof',
        `--cpu-prof-dir=${options.profileDir}`,
        `--cpu-prof-name=${label}-${Date.now()}.cpuprofile`,
      );
      // The profile is written only on a normal exit, not on death by signal.
      nodeArgs.push('-r', join(BUILD_DIR, 'bench', 'lib', 'exit-on-second-signal.js'));
    }
    const child = spawn(process.execPath, [...nodeArgs, script, ...(options.args ?? [])], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const service = new ServiceProcess(child, label);
    running.add(service);
    child.on('exit', (code) => {
      running.delete(service);
      if (code !== 0 && code !== null)
        process.stderr.write(`[${label}] exited ${code}: ${stderr}\n`);
    });
    return service;
  }

  /** Stops every service process still running (after a failure, or in a test's afterAll). */
  static async stopAll(): Promise<void> {
    await Promise.all([...running].map((s) => s.stop()));
  }

  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  }

  /** CPU time used so far (user + system), in seconds: to say where a run's time went. */
  cpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

// A benchmark that throws or is interrupted must not leave services running behind it.
process.once('exit', () => {
  for (const s of running) s.child.kill('SIGKILL');
});

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
