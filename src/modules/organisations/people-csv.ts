import { CsvError, CsvErrorCode, parse } from 'csv-parse/sync';
import { DomainError } from '../../common/domain-error';
import { hasUnstorableCharacter } from '../../common/input-shape';
import { isEmailAddress } from '../../common/is-email-address';
import { Role, ROLES } from '../../common/access/role';
import { decodeCsvFile, DELIMITER_NAME, guessDelimiter, lineCounter } from './csv-file';

export const IMPORT_COLUMNS = ['email', 'name', 'unit', 'roles', 'manager_email'] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const MAX_IMPORT_ROWS = 20_000;
export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 320;

/** One person as the file describes them; `line` is the physical line where the record starts. */
export interface ImportRow {
  line: number;
  email: string;
  name: string;
  unitName: string | null;
  roles: Role[];
  managerEmail: string | null;
}

export interface ImportError {
  line: number;
  message: string;
}

export interface ParsedImport {
  /** Which optional columns the header has: a missing column leaves that field of existing people as it is. */
  has: { unit: boolean; roles: boolean; managerEmail: boolean };
  /** Rows whose email is valid and first seen (other fields may still be in `errors`). */
  rows: ImportRow[];
  errors: ImportError[];
}

const HEADER_HINT = `the first line must be the header ${IMPORT_COLUMNS.join(',')} (email and name are required; the others are optional and may come in any order)`;

interface RawRecord {
  fields: string[];
  /** Byte offset just past the record and its line break. */
  end: number;
}

/**
 * Reads a people CSV (RFC 4180) and checks every row on its own: the result lists every error
 * with the line it is on, so a person can fix the whole file in one go. Checks that need the
 * organisation's people (managers, loops) are in people-import-rules.ts.
 */
export function parsePeopleCsv(input: string | Buffer): ParsedImport {
  const none: ParsedImport = {
    has: { unit: false, roles: false, managerEmail: false },
    rows: [],
    errors: [],
  };
  const decoded = typeof input === 'string' ? { text: input } : decodeCsvFile(input);
  if ('error' in decoded) return { ...none, errors: [decoded.error] };
  const text = decoded.text;
  const bytes = Buffer.from(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 'utf8');
  const lineAt = lineCounter(bytes);
  const delimiter = guessDelimiter(bytes);

  let lastEnd = 0;
  let records: RawRecord[];
  try {
    records = parse(bytes, {
      delimiter,
      relax_column_count: true,
      // Spaces around a delimiter are forgiven (`a, "b, c"`), never those inside quotes.
      trim: true,
      skip_empty_lines: false,
      on_record: (fields: string[], context): RawRecord => {
        // `bytes` is there at run time but missing from csv-parse's typings.
        lastEnd = (context as unknown as { bytes: number }).bytes;
        return { fields, end: lastEnd };
      },
    }) as RawRecord[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { ...none, errors: [{ line: lineAt(lastEnd), message: describeCsvError(error) }] };
  }

  const numbered: { line: number; fields: string[] }[] = [];
  let start = 0;
  for (const record of records) {
    const line = lineAt(start);
    start = record.end;
    if (record.fields.every((f) => f.trim() === '')) continue;
    numbered.push({ line, fields: record.fields });
  }

  const [header, ...data] = numbered;
  if (!header) {
    return { ...none, errors: [{ line: 1, message: `The file is empty: ${HEADER_HINT}` }] };
  }
  if (data.length > MAX_IMPORT_ROWS) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `The file has ${data.length.toLocaleString('en-GB')} people; import at most ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} at a time by splitting it into several files`,
    );
  }

  const columns = readHeader(header.fields);
  if ('errors' in columns) {
    return { ...none, errors: columns.errors.map((message) => ({ line: header.line, message })) };
  }

  const has = {
    unit: columns.index.has('unit'),
    roles: columns.index.has('roles'),
    managerEmail: columns.index.has('manager_email'),
  };
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  // Managers repeat down a file: each address is checked once.
  const checked = new Map<string, boolean>();
  const isAddress = (text: string): boolean => {
    let ok = checked.get(text);
    if (ok === undefined) {
      ok = text.length <= MAX_EMAIL_LENGTH && isEmailAddress(text);
      checked.set(text, ok);
    }
    return ok;
  };
  const firstLineOf = new Map<string, number>();
  for (const { line, fields } of data) {
    const fail = (message: string) => errors.push({ line, message });
    if (fields.length !== header.fields.length) {
      fail(
        `has ${fields.length} fields but the header has ${header.fields.length}: put a value that contains ${DELIMITER_NAME[delimiter]} in double quotes`,
      );
      continue;
    }
    // PostgreSQL cannot store it; a spreadsheet never writes it (a file cut or saved wrongly).
    if (fields.some(hasUnstorableCharacter)) {
      fail(
        'has a character that cannot be stored (a NUL, or half of a UTF-16 pair): save the file again as CSV UTF-8',
      );
      continue;
    }
    // Runs of white space, line breaks included, become one space: a name is one line.
    const cell = (column: ImportColumn): string => {
      const i = columns.index.get(column);
      return i === undefined ? '' : (fields[i] ?? '').replace(/\s+/g, ' ').trim();
    };

    // A cell that looks like a formula gets that one message; its other checks would repeat it.
    const formula = new Set(
      FORMULA_CHECKED.filter((column) => {
        const problem = formulaProblem(column, cell(column));
        if (problem) fail(problem);
        return problem !== null;
      }),
    );

    const email = cell('email').toLowerCase();
    let emailOk = false;
    if (formula.has('email')) emailOk = false;
    else if (email === '') fail('email is missing');
    else if (!isAddress(email)) fail(`email "${email}" is not an email address`);
    else {
      const seen = firstLineOf.get(email);
      if (seen !== undefined) fail(`email ${email} is also on line ${seen}: list each person once`);
      else {
        firstLineOf.set(email, line);
        emailOk = true;
      }
    }

    const name = cell('name');
    if (!formula.has('name')) {
      if (name === '') fail('name is missing');
      else if (name.length > MAX_NAME_LENGTH)
        fail(`name is longer than ${MAX_NAME_LENGTH} characters`);
    }

    const unitName = cell('unit');
    if (!formula.has('unit') && unitName.length > MAX_NAME_LENGTH)
      fail(`unit is longer than ${MAX_NAME_LENGTH} characters`);

    const roles: Role[] = [];
    for (const role of cell('roles').split(';')) {
      const r = role.trim().toLowerCase();
      if (r === '') continue;
      if (isRole(r)) {
        if (!roles.includes(r)) roles.push(r);
      } else {
        fail(
          `role "${role.trim()}" is not one of ${ROLES.join(', ')} (separate several roles with ";")`,
        );
      }
    }

    const managerEmail = cell('manager_email').toLowerCase();
    if (formula.has('manager_email') || managerEmail === '') {
      // nothing more to check
    } else if (!isAddress(managerEmail)) {
      fail(`manager_email "${managerEmail}" is not an email address`);
    } else if (managerEmail === email) {
      fail('a person cannot be their own manager: leave manager_email empty or name someone else');
    }

    if (emailOk) {
      rows.push({
        line,
        email,
        name,
        unitName: unitName || null,
        roles,
        managerEmail: managerEmail || null,
      });
    }
  }
  return { has, rows, errors };
}

function readHeader(fields: string[]): { index: Map<ImportColumn, number> } | { errors: string[] } {
  const index = new Map<ImportColumn, number>();
  const errors: string[] = [];
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!isColumn(name)) errors.push(`unknown column "${raw.trim()}": ${HEADER_HINT}`);
    else if (index.has(name)) errors.push(`column "${name}" appears twice in the header`);
    else index.set(name, i);
  });
  for (const required of ['email', 'name'] as const) {
    if (!index.has(required)) errors.push(`column "${required}" is missing: ${HEADER_HINT}`);
  }
  return errors.length > 0 ? { errors } : { index };
}

function isColumn(name: string): name is ImportColumn {
  return (IMPORT_COLUMNS as readonly string[]).includes(name);
}

function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

function describeCsvError(error: CsvError): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return 'a double quote opened on this line is never closed: close it, and write a quote inside a quoted value as ""';
  }
  if (MISPLACED_QUOTE.has(error.code)) {
    return 'a double quote is out of place: put the whole value in double quotes and write a quote inside it as ""';
  }
  return `this line is not valid CSV (${error.message})`;
}

const MISPLACED_QUOTE = new Set<CsvErrorCode>([
  'INVALID_OPENING_QUOTE',
  'CSV_INVALID_CLOSING_QUOTE',
  'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE',
]);

/** Cells whose first character would make a spreadsheet run them as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@]/;
const FORMULA_CHECKED: readonly ImportColumn[] = ['email', 'name', 'unit', 'manager_email'];

/**
 * A cell that starts like a formula is refused rather than stored: names and units flow into
 * report CSVs and emails, and a value such as `=HYPERLINK(…)` is an attack or a slip, never a
 * person's name. (Every CSV we write defuses such text as well.)
 */
function formulaProblem(column: ImportColumn, value: string): string | null {
  if (!FORMULA_START.test(value)) return null;
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return `${column} "${shown}" starts with "${value[0]}", which a spreadsheet would run as a formula: remove the "${value[0]}" or write the value differently`;
}
