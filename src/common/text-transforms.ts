import type { TransformFnParams } from 'class-transformer';

/** For @Transform: surrounding spaces are never meant (pasted names, searches). */
export function trimmed({ value }: TransformFnParams): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** For @Transform of a name: one line, single spaces (as the CSV import stores it). */
export function singleLine({ value }: TransformFnParams): unknown {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : value;
}

/** For @Transform: emails are stored and compared in lower case. */
export function trimmedLowerCase({ value }: TransformFnParams): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}
