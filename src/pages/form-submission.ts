import type { Response } from 'express';
import { DomainError } from '../common/domain-error';
import type { Banner } from './flash';
import type { FormErrors } from './form-fields';
import type { PageRenderer } from './page-renderer';

/** Where a successful POST sends the browser, and what the page there says happened. */
export interface FormOutcome {
  to: string;
  banner: Banner;
}

/**
 * Which field a rule's refusal belongs to (null: not a form error, let it through to the error
 * page). `message` replaces the service's own words when the form has better ones.
 */
export type FieldOfError = (error: DomainError) => { field: string; message?: string } | null;

/** The refusals with these codes belong to one field, in the service's own words. */
export function onCodes(field: string, ...codes: string[]): FieldOfError {
  return (error) => (codes.includes(error.code) ? { field } : null);
}

/**
 * The one shape of every form POST: when the checks found nothing, act (through the same service
 * as the JSON route) and answer 303 to a page with a success banner; when they found something,
 * or the service refused on a rule the form can explain, show the same form again (400) with the
 * error summary and what was typed. Nothing is half-saved: the service acts in one transaction.
 */
export async function submitForm(
  pages: PageRenderer,
  res: Response,
  errors: FormErrors,
  steps: {
    act: () => Promise<FormOutcome>;
    again: (errors: FormErrors) => Promise<void>;
    fieldOf?: FieldOfError;
  },
): Promise<void> {
  if (!errors.any) {
    try {
      const { to, banner } = await steps.act();
      pages.redirectWithBanner(res, to, banner);
      return;
    } catch (error) {
      const field = error instanceof DomainError ? (steps.fieldOf?.(error) ?? null) : null;
      if (!field) throw error;
      errors.add(field.field, field.message ?? (error as DomainError).message);
    }
  }
  await steps.again(errors);
}
