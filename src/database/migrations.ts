import { Foundation1764180000000 } from './migrations/1764180000000-foundation';

/** Every migration in order; applied at start (migrationsRun) and by `npm run migration:run`. */
export const migrations = [Foundation1764180000000];
