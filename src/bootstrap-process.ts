import { ConfigValidationError } from './config/env.validation';
import { readProcessConfig } from './config/app.config';
import { checkServices, StartupError } from './startup-check';

/**
 * Before Nest starts: validate the environment (a bad value stops start-up naming the variable),
 * check that PostgreSQL and Redis answer (naming the one that does not, and how to start it) and
 * create the database if it is missing. Runs in every entry point.
 */
export async function prepareProcess(): Promise<void> {
  try {
    const config = readProcessConfig();
    await checkServices(config);
  } catch (error) {
    const message =
      error instanceof ConfigValidationError || error instanceof StartupError
        ? error.message
        : `Start-up failed: ${String(error)}`;
    process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: message })}\n`);
    process.exit(1);
  }
}

/**
 * Once a stop signal arrives, give graceful shutdown (close HTTP, drain workers, close Redis
 * and PostgreSQL) a deadline: BullMQ's Worker.close() can wait for ever on a Redis that is
 * reconnecting, and an orchestrator would rather restart us than wait.
 */
export function exitIfShutdownStalls(deadlineMs = 15_000): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(
          `${JSON.stringify({ level: 'error', msg: `Shutdown took over ${deadlineMs} ms; exiting` })}\n`,
        );
        process.exit(1);
      }, deadlineMs).unref();
    });
  }
}
