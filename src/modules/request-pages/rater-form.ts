// The "Choose raters" forms, read and checked with the JSON route's own rules (RaterDto), so a
// page never accepts what the API refuses. Pure.
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { NOMINABLE_RELATIONSHIPS, RaterDto } from '../nominations/dto/nomination.dto';
import type { OtherRelationship } from '../../common/relationship';

export const MAX_RATERS_AT_ONCE = 100;

export interface OneRaterErrors {
  name?: string;
  email?: string;
  relationship?: string;
}

export type Parsed<T, E> = { ok: true; value: T } | { ok: false; errors: E };

function text(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : '';
}

export function relationshipOf(body: unknown): OtherRelationship | null {
  const value = text(body, 'relationship');
  return (NOMINABLE_RELATIONSHIPS as readonly string[]).includes(value)
    ? (value as OtherRelationship)
    : null;
}

/** The typed values, to show again with the errors. */
export function oneRaterValues(body: unknown): {
  name: string;
  email: string;
  relationship: string;
} {
  return {
    name: text(body, 'name').slice(0, 1000),
    email: text(body, 'email').slice(0, 1000),
    relationship: relationshipOf(body) ?? '',
  };
}

/** What RaterDto says about one rater, as messages a person can act on, by field. */
function raterProblems(rater: {
  name: string;
  email: string;
  relationship: string;
}): OneRaterErrors {
  const dto = plainToInstance(RaterDto, rater);
  const errors: OneRaterErrors = {};
  for (const error of validateSync(dto)) {
    if (error.property === 'name')
      errors.name =
        rater.name.trim() === ''
          ? 'Enter their full name'
          : 'Enter a name of 200 characters or fewer';
    if (error.property === 'email')
      errors.email =
        rater.email.trim() === ''
          ? 'Enter their email address'
          : 'Enter an email address in the right format, like name@example.nhs.uk';
    if (error.property === 'relationship') errors.relationship = 'Select how they work with you';
  }
  return errors;
}

export function parseOneRater(body: unknown): Parsed<RaterDto, OneRaterErrors> {
  const values = oneRaterValues(body);
  const errors = raterProblems(values);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: plainToInstance(RaterDto, values) };
}

export interface SeveralErrors {
  raters?: string;
  relationship?: string;
  /** One message per bad line, for the error summary. */
  lines: string[];
}

const NAMED = /^(.*?)\s*<\s*([^<>\s]+)\s*>$/;

/** "alex.smith-jones@…" → "Alex Smith Jones": a name for a line that gives only the address. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? '';
  const words = local.split(/[._+-]+/).filter(Boolean);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  return name || email;
}

/**
 * "Add several": one rater a line, `Name <email>` or `email`, all with one relationship. Any bad
 * line (named by its number) refuses the whole list.
 */
export function parseSeveralRaters(body: unknown): Parsed<RaterDto[], SeveralErrors> {
  const relationship = relationshipOf(body);
  const lines = text(body, 'raters')
    .split(/\r\n|\r|\n/)
    .map((line, i) => ({ number: i + 1, line: line.trim() }))
    .filter((l) => l.line !== '');
  const errors: SeveralErrors = { lines: [] };
  if (lines.length === 0) errors.raters = 'Enter at least one rater, one a line';
  else if (lines.length > MAX_RATERS_AT_ONCE)
    errors.raters = `Enter at most ${MAX_RATERS_AT_ONCE} raters at once; this has ${lines.length}`;
  if (!relationship) errors.relationship = 'Select how they work with you';

  const raters: RaterDto[] = [];
  if (!errors.raters) {
    for (const { number, line } of lines) {
      const named = NAMED.exec(line);
      const email = named ? (named[2] ?? '') : line;
      const name = named
        ? (named[1] ?? '').replace(/^["']|["']$/g, '').trim()
        : nameFromEmail(email);
      const problems = raterProblems({ name, email, relationship: relationship ?? 'peer' });
      const shown = line.length > 80 ? `${line.slice(0, 77)}…` : line;
      if (problems.email)
        errors.lines.push(
          `Line ${number} (“${shown}”): the email address is not in the right format`,
        );
      else if (problems.name)
        errors.lines.push(
          `Line ${number} (“${shown}”): ${problems.name === 'Enter their full name' ? 'write the name before the address, as Name <email>' : 'the name is longer than 200 characters'}`,
        );
      else
        raters.push(
          plainToInstance(RaterDto, { name, email, relationship: relationship ?? 'peer' }),
        );
    }
    const seen = new Map<string, number>();
    raters.forEach((r, i) => {
      const key = r.email.trim().toLowerCase();
      if (seen.has(key)) errors.lines.push(`${key} is in the list twice`);
      seen.set(key, i);
    });
    if (errors.lines.length > 0) errors.raters = errors.lines.join('. ');
  }
  if (errors.raters || errors.relationship) return { ok: false, errors };
  return { ok: true, value: raters };
}
