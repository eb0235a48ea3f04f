import { Foundation1764180000000 } from './migrations/1764180000000-foundation';
import { Cycles1764180100000 } from './migrations/1764180100000-cycles';

/** Every migration in order; applied at start (migrationsRun) and by `npm run migration:run`. */
export const migrations = [Foundation1764180000000, Cycles1764180100000];
