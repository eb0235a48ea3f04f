import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { lockReportingLines } from './database-errors';
import { ImportError, ImportRow, parsePeopleCsv } from './people-csv';
import { checkAgainstOrganisation } from './people-import-rules';
import { canonicalRoles } from './people.service';

export interface ImportResult {
  created: number;
  updated: number;
  unitsCreated: number;
  errors: ImportError[];
}

/**
 * Imports a people CSV all or nothing: every row is checked first and any error changes nothing;
 * otherwise one transaction adds the missing units, upserts the people by email and then sets
 * the managers, each in a single set-based statement (20,000 rows in a few seconds).
 *
 * `updated` counts the people already there whose name, unit, roles or manager actually changed:
 * importing the same file twice reports 0 created and 0 updated the second time.
 */
@Injectable()
export class PeopleImportService {
  private readonly logger = new Logger(PeopleImportService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `csv` as text, or as the file's bytes (see decodeCsvFile in csv-file.ts for the encodings read). */
  async import(current: CurrentPersonInfo, csv: string | Buffer): Promise<ImportResult> {
    const parsed = parsePeopleCsv(csv);
    const organisationId = current.organisationId;
    const result = await this.dataSource.transaction(async (m): Promise<ImportResult> => {
      await lockReportingLines(m, organisationId);
      const existing = await m.query<{ email: string; manager_email: string | null }[]>(
        `SELECT p.email, manager.email AS manager_email
           FROM people p LEFT JOIN people manager ON manager.id = p.manager_id
          WHERE p.organisation_id = $1`,
        [organisationId],
      );
      const errors = [
        ...parsed.errors,
        ...checkAgainstOrganisation(
          parsed,
          existing.map((p) => ({ email: p.email, managerEmail: p.manager_email })),
          current.email,
        ),
      ].sort((a, b) => a.line - b.line);
      if (errors.length > 0) return { created: 0, updated: 0, unitsCreated: 0, errors };

      const units = parsed.has.unit
        ? await ensureUnits(m, organisationId, parsed.rows)
        : { ids: new Map<string, string>(), created: 0 };
      const upserted = await m.query<{ id: string; inserted: boolean }[]>(
        // xmax is 0 only for a row this statement inserted; a row left as it was is not returned.
        `INSERT INTO people (organisation_id, email, name, unit_id, roles)
         SELECT $1, r.email, r.name, r.unit_id, string_to_array(r.roles, ';')
           FROM unnest($2::text[], $3::text[], $4::uuid[], $5::text[]) AS r(email, name, unit_id, roles)
         ON CONFLICT (organisation_id, email) DO UPDATE SET
           name = EXCLUDED.name,
           unit_id = CASE WHEN $6::boolean THEN EXCLUDED.unit_id ELSE people.unit_id END,
           roles = CASE WHEN $7::boolean THEN EXCLUDED.roles ELSE people.roles END,
           updated_at = now()
         WHERE people.name IS DISTINCT FROM EXCLUDED.name
            OR ($6::boolean AND people.unit_id IS DISTINCT FROM EXCLUDED.unit_id)
            OR ($7::boolean AND NOT (people.roles @> EXCLUDED.roles AND people.roles <@ EXCLUDED.roles))
         RETURNING id, (xmax = 0) AS inserted`,
        [
          organisationId,
          parsed.rows.map((r) => r.email),
          parsed.rows.map((r) => r.name),
          parsed.rows.map((r) =>
            r.unitName === null ? null : (units.ids.get(r.unitName.toLowerCase()) ?? null),
          ),
          parsed.rows.map((r) => canonicalRoles(r.roles).join(';')),
          parsed.has.unit,
          parsed.has.roles,
        ],
      );
      const inserted = new Set(upserted.filter((r) => r.inserted).map((r) => r.id));
      const updated = new Set(upserted.filter((r) => !r.inserted).map((r) => r.id));

      if (parsed.has.managerEmail) {
        const managed = await m.query<[{ id: string }[], number]>(
          `UPDATE people p SET manager_id = manager.id, updated_at = now()
             FROM unnest($2::text[], $3::text[]) AS r(email, manager_email)
             LEFT JOIN people manager ON manager.organisation_id = $1 AND manager.email = r.manager_email
            WHERE p.organisation_id = $1 AND p.email = r.email AND p.manager_id IS DISTINCT FROM manager.id
            RETURNING p.id`,
          [organisationId, parsed.rows.map((r) => r.email), parsed.rows.map((r) => r.managerEmail)],
        );
        for (const { id } of managed[0]) if (!inserted.has(id)) updated.add(id);
      }
      return {
        created: inserted.size,
        updated: updated.size,
        unitsCreated: units.created,
        errors: [],
      };
    });
    if (result.errors.length === 0) {
      this.logger.log(
        `People import: ${result.created} created, ${result.updated} updated, ${result.unitsCreated} units created`,
      );
    }
    return result;
  }
}

/**
 * The id of every unit the rows name, matched without regard to case; the missing ones are
 * added at the top level, spelt as on their first row.
 */
async function ensureUnits(
  m: EntityManager,
  organisationId: string,
  rows: ImportRow[],
): Promise<{ ids: Map<string, string>; created: number }> {
  const spelling = new Map<string, string>();
  for (const row of rows) {
    if (row.unitName && !spelling.has(row.unitName.toLowerCase()))
      spelling.set(row.unitName.toLowerCase(), row.unitName);
  }
  const find = async () =>
    new Map(
      (
        await m.query<{ id: string; key: string }[]>(
          `SELECT DISTINCT ON (lower(name)) id, lower(name) AS key FROM units
            WHERE organisation_id = $1 AND lower(name) = ANY($2::text[])
            ORDER BY lower(name), created_at, id`,
          [organisationId, [...spelling.keys()]],
        )
      ).map((u) => [u.key, u.id]),
    );
  const ids = await find();
  const missing = [...spelling].filter(([key]) => !ids.has(key)).map(([, name]) => name);
  if (missing.length === 0) return { ids, created: 0 };
  const added = await m.query<{ id: string }[]>(
    `INSERT INTO units (organisation_id, name) SELECT $1, unnest($2::text[])
     ON CONFLICT (organisation_id, name) DO NOTHING RETURNING id`,
    [organisationId, missing],
  );
  return { ids: await find(), created: added.length };
}
