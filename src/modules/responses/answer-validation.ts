// Checks a rater's answers against the framework. Pure: no Nest or TypeORM, used by the JSON
// routes and the HTML form alike.
import type { FrameworkShape } from '../frameworks/framework-shape';

export const MAX_COMMENT_LENGTH = 4000;
/** Unknown keys are reported up to this many, so a hostile body cannot make a huge reply. */
const MAX_UNKNOWN_KEY_ERRORS = 20;

/** What a rater sends: shapes are unchecked, since JSON and forms can carry anything. */
export interface AnswerInput {
  answers?: unknown;
  comments?: unknown;
}

/** A checked answer set: itemKey → scale point or null ("not observed"); questionKey → text. */
export interface AnswerSet {
  answers: Record<string, number | null>;
  comments: Record<string, string>;
}

export type AnswerProblem =
  | 'not_object'
  | 'missing'
  | 'off_scale'
  | 'unknown_key'
  | 'not_text'
  | 'too_long'
  | 'bad_character';

/**
 * Characters PostgreSQL cannot hold in text or jsonb: NUL, and half of a UTF-16 surrogate pair
 * (JSON can carry both as escapes). No keyboard types them; refusing them here keeps them from
 * failing the statement that stores this answer with others (ResponsesService.submitBatch).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface AnswerError {
  /** Where the problem is, as the API names it: `answers`, `answers.<itemKey>`, `comments.<questionKey>`. */
  field: string;
  problem: AnswerProblem;
  /** The item or question key, when the problem is about one. */
  key?: string;
  /** For `too_long`: the comment's length in characters. */
  length?: number;
  /** A sentence for API clients that names the field. */
  message: string;
}

export type AnswerValidation =
  { ok: true; value: AnswerSet } | { ok: false; errors: AnswerError[] };

/**
 * `submit`: every item must be present (null = not observed). `draft`: items may be missing,
 * but what is there must still be valid.
 */
export type ValidationMode = 'submit' | 'draft';

export function validateAnswers(
  framework: FrameworkShape,
  input: AnswerInput,
  mode: ValidationMode,
): AnswerValidation {
  const errors: AnswerError[] = [];
  const answers = checkAnswers(framework, input.answers, mode, errors);
  const comments = checkComments(framework, input.comments, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { answers, comments } };
}

/** Line breaks count once (browsers send CRLF), characters are code points, not UTF-16 units. */
export function normaliseComment(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

export function commentLength(text: string): number {
  return Array.from(text).length;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scaleDescription(framework: FrameworkShape): string {
  const { min, max } = framework.scale;
  return `a whole number from ${min} to ${max}, or null for "not observed"`;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function checkAnswers(
  framework: FrameworkShape,
  raw: unknown,
  mode: ValidationMode,
  errors: AnswerError[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (raw === undefined && mode === 'draft') return out;
  if (!isPlainObject(raw)) {
    errors.push({
      field: 'answers',
      problem: 'not_object',
      message: 'answers must be an object that maps each item key to a scale point or null',
    });
    return out;
  }
  const { min, max } = framework.scale;
  const known = new Set<string>();
  for (const dimension of framework.dimensions) {
    for (const item of dimension.items) {
      known.add(item.key);
      const field = `answers.${item.key}`;
      if (!Object.hasOwn(raw, item.key) || raw[item.key] === undefined) {
        if (mode === 'submit') {
          errors.push({
            field,
            problem: 'missing',
            key: item.key,
            message: `${field} is missing: every item needs an answer, ${scaleDescription(framework)} ("${item.text}")`,
          });
        }
        continue;
      }
      const value = raw[item.key];
      if (value === null) {
        out[item.key] = null;
      } else if (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= min &&
        value <= max
      ) {
        out[item.key] = value;
      } else {
        errors.push({
          field,
          problem: 'off_scale',
          key: item.key,
          message: `${field} must be ${scaleDescription(framework)}; got ${shown(value)}`,
        });
      }
    }
  }
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  for (const key of unknown.slice(0, MAX_UNKNOWN_KEY_ERRORS)) {
    errors.push({
      field: `answers.${key}`,
      problem: 'unknown_key',
      key,
      message: `answers.${key} is not an item of this questionnaire`,
    });
  }
  return out;
}

function checkComments(
  framework: FrameworkShape,
  raw: unknown,
  errors: AnswerError[],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined || raw === null) return out;
  if (!isPlainObject(raw)) {
    errors.push({
      field: 'comments',
      problem: 'not_object',
      message: 'comments must be an object that maps each question key to text',
    });
    return out;
  }
  const known = new Set(framework.questions.map((q) => q.key));
  for (const question of framework.questions) {
    if (!Object.hasOwn(raw, question.key)) continue;
    const value = raw[question.key];
    const field = `comments.${question.key}`;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') {
      errors.push({
        field,
        problem: 'not_text',
        key: question.key,
        message: `${field} must be text`,
      });
      continue;
    }
    const text = normaliseComment(value);
    if (UNSTORABLE.test(text)) {
      errors.push({
        field,
        problem: 'bad_character',
        key: question.key,
        message: `${field} has a character that cannot be stored (a NUL or half of an emoji's code); retype the text and send it again`,
      });
      continue;
    }
    const length = commentLength(text);
    if (length > MAX_COMMENT_LENGTH) {
      errors.push({
        field,
        problem: 'too_long',
        key: question.key,
        length,
        message: `${field} must be ${MAX_COMMENT_LENGTH.toLocaleString('en-GB')} characters or fewer; it has ${length.toLocaleString('en-GB')}`,
      });
      continue;
    }
    if (text.length > 0) out[question.key] = text;
  }
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  for (const key of unknown.slice(0, MAX_UNKNOWN_KEY_ERRORS)) {
    errors.push({
      field: `comments.${key}`,
      problem: 'unknown_key',
      key,
      message: `comments.${key} is not a question of this questionnaire`,
    });
  }
  return out;
}
