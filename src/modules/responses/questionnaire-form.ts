// Turns the HTML form's body (urlencoded, extended syntax) into the same input the JSON routes
// take, so one validator checks both. Pure.
import type { AnswerInput } from './answer-validation';

/** The value of the "not observed" radio in every item's group. */
export const NOT_OBSERVED = 'notObserved';

export const FORM_ACTIONS = ['save', 'submit', 'decline'] as const;
export type FormAction = (typeof FORM_ACTIONS)[number];

export interface QuestionnaireForm {
  action: FormAction | null;
  input: AnswerInput;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `answers[<itemKey>]` holds a scale point ("3") or "notObserved"; `comments[<questionKey>]` the
 * text. Anything else is passed on as it is, for the validator to refuse with a message.
 */
export function parseQuestionnaireForm(body: unknown): QuestionnaireForm {
  const form = isPlainObject(body) ? body : {};
  const action = FORM_ACTIONS.find((a) => a === form.action) ?? null;

  const answers: Record<string, unknown> = {};
  if (isPlainObject(form.answers)) {
    for (const [key, value] of Object.entries(form.answers)) {
      answers[key] =
        value === NOT_OBSERVED
          ? null
          : typeof value === 'string' && /^\d{1,3}$/.test(value)
            ? Number(value)
            : value;
    }
  }
  const comments: Record<string, unknown> = isPlainObject(form.comments)
    ? { ...form.comments }
    : {};
  return { action, input: { answers, comments } };
}
