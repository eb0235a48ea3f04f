import { randomInt } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { newDataKey, seal, wrapDataKey } from '../../src/common/envelope';
import { newSecureToken } from '../../src/common/secure-token';
import { DEV_ANSWERS_KEY } from '../../src/config/env.validation';

/** 12 raters a leader by default: 1 manager, 4 peers, 5 direct reports, 2 others. */
const RELATIONSHIP_CYCLE = [
  'manager',
  'peer',
  'peer',
  'peer',
  'peer',
  'direct_report',
  'direct_report',
  'direct_report',
  'direct_report',
  'direct_report',
  'other',
  'other',
];

export interface World {
  organisationId: string;
  adminId: string;
  cycleId: string;
  frameworkId: string;
  requestIds: string[];
  itemKeys: string[];
  questionKeys: string[];
  scale: { min: number; max: number };
}

export async function migrate(databaseUrl: string): Promise<void> {
  const ds = new DataSource({
    ...dataSourceOptions({ databaseUrl, databasePoolSize: 2 }),
    migrationsRun: false,
  });
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
}

/** An organisation, an admin, `leaders` leaders enrolled in a draft cycle, `raters` nominations each. */
export async function seedWorld(
  db: Client,
  leaders: number,
  raters: number,
  organisationName = 'Bench Trust',
): Promise<World> {
  const org = await db.query<{ id: string }>(
    `INSERT INTO organisations (name) VALUES ($1) RETURNING id`,
    [organisationName],
  );
  const organisationId = org.rows[0]!.id;
  const admin = await db.query<{ id: string }>(
    `INSERT INTO people (organisation_id, email, name, roles) VALUES ($1, 'admin@bench.test', 'Bench Admin', '{admin}') RETURNING id`,
    [organisationId],
  );
  await db.query(
    `INSERT INTO people (organisation_id, email, name, roles)
     SELECT $1, 'leader' || g || '@bench.test', 'Leader ' || g, '{leader}' FROM generate_series(1, $2) g`,
    [organisationId, leaders],
  );
  const framework = await db.query<{
    id: string;
    dimensions: { items: { key: string }[] }[];
    questions: { key: string }[];
    scale: { min: number; max: number };
  }>(
    `SELECT id, dimensions, questions, scale FROM frameworks WHERE key = 'collective-leadership' ORDER BY version DESC LIMIT 1`,
  );
  const fw = framework.rows[0];
  if (!fw) throw new Error('The seeded framework collective-leadership is missing');
  const cycle = await db.query<{ id: string }>(
    `INSERT INTO cycles (organisation_id, framework_id, name, closes_at, reminder_days_before_close)
     VALUES ($1, $2, 'Bench cycle', now() + interval '30 days', '{}') RETURNING id`,
    [organisationId, fw.id],
  );
  const cycleId = cycle.rows[0]!.id;
  const requests = await db.query<{ id: string }>(
    `INSERT INTO feedback_requests (organisation_id, cycle_id, leader_id)
     SELECT $1, $2, id FROM people WHERE organisation_id = $1 AND 'leader' = ANY(roles) RETURNING id`,
    [organisationId, cycleId],
  );
  await db.query(
    `INSERT INTO nominations (organisation_id, cycle_id, feedback_request_id, relationship, rater_name, email)
     SELECT $1, $2, fr.id, ($3::text[])[((r - 1) % cardinality($3::text[])) + 1], 'Rater ' || r,
            'rater' || r || '.' || replace(fr.id::text, '-', '') || '@bench.test'
       FROM feedback_requests fr, generate_series(1, $4) r WHERE fr.cycle_id = $2`,
    [organisationId, cycleId, RELATIONSHIP_CYCLE, raters],
  );
  return {
    organisationId,
    adminId: admin.rows[0]!.id,
    cycleId,
    frameworkId: fw.id,
    requestIds: requests.rows.map((r) => r.id),
    itemKeys: fw.dimensions.flatMap((d) => d.items.map((i) => i.key)),
    questionKeys: fw.questions.map((q) => q.key),
    scale: { min: fw.scale.min, max: fw.scale.max },
  };
}

/** A full answer set, with about one "not observed" in ten. */
export function answerSet(world: World): {
  answers: Record<string, number | null>;
  comments: Record<string, string>;
} {
  const answers: Record<string, number | null> = {};
  for (const key of world.itemKeys)
    answers[key] = randomInt(10) === 0 ? null : randomInt(world.scale.min, world.scale.max + 1);
  const comments: Record<string, string> = {};
  for (const key of world.questionKeys)
    comments[key] = 'Listens first, then helps the team decide together.';
  return { answers, comments };
}

/** Opens the cycle in the database and gives every nomination a fresh token; returns the tokens. */
export async function issueTokens(db: Client, world: World): Promise<string[]> {
  await db.query(`UPDATE cycles SET state = 'open', opened_at = now() WHERE id = $1`, [
    world.cycleId,
  ]);
  const ids = (
    await db.query<{ id: string }>(`SELECT id FROM nominations WHERE cycle_id = $1`, [
      world.cycleId,
    ])
  ).rows.map((r) => r.id);
  const tokens: string[] = [];
  const hashes: Buffer[] = [];
  for (let i = 0; i < ids.length; i++) {
    const { token, hash } = newSecureToken();
    tokens.push(token);
    hashes.push(hash);
  }
  for (let i = 0; i < ids.length; i += 5000) {
    await db.query(
      `UPDATE nominations n SET token_hash = t.hash, delivery_status = 'sent', sent_at = now()
         FROM unnest($1::uuid[], $2::bytea[]) AS t(id, hash) WHERE n.id = t.id`,
      [ids.slice(i, i + 5000), hashes.slice(i, i + 5000)],
    );
  }
  return tokens;
}

/** Every nomination answered: responses inserted as the submit route would store them. */
export async function seedResponses(db: Client, world: World): Promise<number> {
  await db.query(`UPDATE cycles SET state = 'open', opened_at = now() WHERE id = $1`, [
    world.cycleId,
  ]);
  const rows = (
    await db.query<{ feedback_request_id: string; relationship: string }>(
      `SELECT feedback_request_id, relationship FROM nominations WHERE cycle_id = $1`,
      [world.cycleId],
    )
  ).rows;
  // Each leader's self-assessment too, with its self nomination, as opening the cycle makes it.
  await db.query(
    `INSERT INTO nominations (organisation_id, cycle_id, feedback_request_id, relationship, rater_name, email)
     SELECT fr.organisation_id, fr.cycle_id, fr.id, 'self', p.name, p.email
       FROM feedback_requests fr JOIN people p ON p.id = fr.leader_id WHERE fr.cycle_id = $1`,
    [world.cycleId],
  );
  const selfRows = world.requestIds.map((id) => ({
    feedback_request_id: id,
    relationship: 'self',
  }));
  const all = [...rows, ...selfRows];
  // Sealed as the submit stores them, with a data key wrapped by the services' development
  // ANSWERS_KEY; a plain copy of the answers for the close floor's bare SQL.
  const dataKey = newDataKey();
  const wrapped = wrapDataKey(Buffer.from(DEV_ANSWERS_KEY, 'base64'), dataKey, world.cycleId);
  await db.query(`INSERT INTO cycle_keys (cycle_id, key_id, wrapped_key) VALUES ($1, $2, $3)`, [
    world.cycleId,
    wrapped.keyId,
    wrapped.wrapped,
  ]);
  await db.query(`CREATE TABLE IF NOT EXISTS bench_plain_responses (feedback_request_id uuid NOT NULL,
    relationship text NOT NULL, answers jsonb NOT NULL)`);
  for (let i = 0; i < all.length; i += 2000) {
    const chunk = all.slice(i, i + 2000);
    const sets = chunk.map(() => answerSet(world));
    const sealed = (value: unknown) => seal(dataKey, JSON.stringify(value), world.cycleId);
    await db.query(
      `INSERT INTO responses (feedback_request_id, relationship, answers, comments, submitted_on)
       SELECT * , current_date FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
      [
        chunk.map((r) => r.feedback_request_id),
        chunk.map((r) => r.relationship),
        sets.map((s) => sealed(s.answers)),
        sets.map((s) => sealed(s.comments)),
      ],
    );
    await db.query(
      `INSERT INTO bench_plain_responses SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])`,
      [
        chunk.map((r) => r.feedback_request_id),
        chunk.map((r) => r.relationship),
        sets.map((s) => JSON.stringify(s.answers)),
      ],
    );
  }
  await db.query(
    `UPDATE nominations SET status = 'completed', delivery_status = 'sent' WHERE cycle_id = $1`,
    [world.cycleId],
  );
  return all.length;
}
