import { ConfigValidationError } from './config/env.validation';
import { readProcessConfig } from './config/app.config';
import { ensureDatabase } from './database/ensure-database';

/**
 * Before Nest starts: validate the environment (a bad value stops start-up naming the variable)
 * and create the database if it is missing. Runs in every entry point.
 */
export async function prepareProcess(): Promise<void> {
  try {
    const config = readProcessConfig();
    await ensureDatabase(config.databaseUrl);
  } catch (error) {
    const message = error instanceof ConfigValidationError ? error.message : `Start-up failed: ${String(error)}`;
    process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: message })}\n`);
    process.exit(1);
  }
}
