import { QueryFailedError } from 'typeorm';

/**
 * True when PostgreSQL refused the write because of a unique constraint (a lost race): this
 * one when `constraint` is given, any one otherwise.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: unknown; constraint?: unknown };
  return (
    driverError.code === '23505' &&
    (constraint === undefined || driverError.constraint === constraint)
  );
}
