/**
 * A tiny, escaping HTML builder for the server-rendered pages and emails: interpolated values
 * are escaped unless wrapped in `raw()` or produced by `html` itself.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

type Interpolation = SafeHtml | string | number | null | undefined | false | Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (value instanceof SafeHtml) return value.value;
  return escapeHtml(value);
}

/**
 * Builds markup from a template, escaping what is interpolated. A value that renders to nothing
 * on a line of its own takes its line with it (no line of bare indentation is left behind); only
 * the template's own whitespace is touched, never a value.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const rendered = render(value);
    const next = strings[i + 1] ?? '';
    if (rendered === '' && /\n[ \t]*$/.test(out) && /^[ \t]*\n/.test(next)) {
      out = out.replace(/[ \t]*$/, '') + next.replace(/^[ \t]*\n/, '');
    } else {
      out += rendered + next;
    }
  });
  return new SafeHtml(out);
}

/** Trusted markup, inserted as it is. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
