import { EntityManager } from 'typeorm';

export const PEOPLE_EMAIL_UNIQUE = 'people_organisation_id_email_key';
export const UNITS_NAME_UNIQUE = 'units_organisation_id_name_key';

/**
 * Serialises the changes of one organisation's reporting lines (a PATCH of a manager, an import)
 * until the transaction ends, so that two changes checked apart cannot make a loop together.
 */
export async function lockReportingLines(
  manager: EntityManager,
  organisationId: string,
): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
    `c360-reporting-lines-${organisationId}`,
  ]);
}
