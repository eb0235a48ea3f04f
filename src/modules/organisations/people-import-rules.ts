import type { ImportError, ParsedImport } from './people-csv';

/** Someone already in the organisation: their email and their manager's email, if any. */
export interface ExistingPerson {
  email: string;
  managerEmail: string | null;
}

/**
 * The checks of an import that need the organisation's people: every manager is in the file or
 * in the organisation, the managers form no loop once the file is applied, and the admin who
 * imports does not take away their own admin role.
 */
export function checkAgainstOrganisation(
  parsed: ParsedImport,
  existing: ExistingPerson[],
  callerEmail: string,
): ImportError[] {
  const errors: ImportError[] = [];
  const inFile = new Map(parsed.rows.map((row) => [row.email, row]));
  const inOrganisation = new Set(existing.map((p) => p.email));

  if (parsed.has.managerEmail) {
    for (const row of parsed.rows) {
      const manager = row.managerEmail;
      if (
        manager &&
        manager !== row.email &&
        !inFile.has(manager) &&
        !inOrganisation.has(manager)
      ) {
        errors.push({
          line: row.line,
          message: `manager_email ${manager} is neither in this file nor in your organisation: add a row for them`,
        });
      }
    }

    const managerOf = new Map(existing.map((p) => [p.email, p.managerEmail]));
    // A row naming itself as manager is already an error of its own.
    for (const row of parsed.rows)
      managerOf.set(row.email, row.managerEmail === row.email ? null : row.managerEmail);
    for (const loop of findManagerLoops(managerOf, [...inFile.keys()])) {
      const lines = loop.flatMap((email) => inFile.get(email)?.line ?? []).sort((a, b) => a - b);
      const first = lines[0];
      if (first === undefined) continue;
      errors.push({
        line: first,
        message: `managers form a loop (${[...loop, loop[0]].join(' → ')}; lines ${lines.join(', ')}): one of them must report to someone outside it`,
      });
    }
  }

  const caller = inFile.get(callerEmail);
  if (parsed.has.roles && caller && !caller.roles.includes('admin')) {
    errors.push({
      line: caller.line,
      message:
        'this row takes away your own admin role: keep "admin" in your roles, or ask another admin to change them',
    });
  }
  return errors;
}

/**
 * The loops of a "reports to" graph (each person has at most one manager) that can be reached
 * from the given people, each as the list of its members in reporting order.
 */
export function findManagerLoops(
  managerOf: Map<string, string | null>,
  from: Iterable<string>,
): string[][] {
  const state = new Map<string, 'on-path' | 'done'>();
  const loops: string[][] = [];
  for (const start of from) {
    const path: string[] = [];
    let node: string | null | undefined = start;
    while (node && !state.has(node)) {
      state.set(node, 'on-path');
      path.push(node);
      node = managerOf.get(node);
    }
    if (node && state.get(node) === 'on-path') loops.push(path.slice(path.indexOf(node)));
    for (const member of path) state.set(member, 'done');
  }
  return loops;
}
