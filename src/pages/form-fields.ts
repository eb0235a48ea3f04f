/**
 * Reading an HTML form's body (urlencoded, as a browser sends it) and saying what is wrong with
 * it the NHS way: one message per field, in the order the fields appear, each shown beside its
 * field and in the error summary at the top, linked to it.
 */
export type FormBody = Record<string, unknown>;

export function formBody(body: unknown): FormBody {
  return typeof body === 'object' && body !== null ? (body as FormBody) : {};
}

/** A text field's value as typed (a repeated field counts as missing). */
export function textField(body: FormBody, name: string, maxLength = 2000): string {
  const value = body[name];
  return typeof value === 'string' ? value.slice(0, maxLength) : '';
}

/** The values of checkboxes sharing one name (none checked: an empty list). */
export function listField(body: FormBody, name: string): string[] {
  const value = body[name] ?? body[`${name}[]`];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export interface FieldError {
  text: string;
  href: string;
}

/** The errors of one form: `add` keeps the first message of each field. */
export class FormErrors {
  private readonly byField = new Map<string, string>();

  add(field: string, message: string): this {
    if (!this.byField.has(field)) this.byField.set(field, message);
    return this;
  }

  get any(): boolean {
    return this.byField.size > 0;
  }

  /** For the templates: `errors.<field>` the message beside it, `errorList` the summary. */
  view(): { errors: Record<string, string>; errorList: FieldError[] } {
    return {
      errors: Object.fromEntries(this.byField),
      errorList: [...this.byField].map(([field, text]) => ({ text, href: `#${field}` })),
    };
  }
}
