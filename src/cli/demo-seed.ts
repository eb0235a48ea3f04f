import type { EntityManager } from 'typeorm';
import type { Framework } from '../modules/frameworks/framework.entity';
import { Person } from '../modules/organisations/person.entity';
import { Unit } from '../modules/organisations/unit.entity';
import type { AnswerKeys } from '../modules/responses/answer-keys';
import {
  DEMO_COACH,
  DEMO_COACH_GRANT,
  DEMO_COMMENTS,
  DEMO_LEADERS,
  DEMO_TEAMS,
  DEMO_UNITS,
  DemoLeader,
  seededRandom,
  syntheticAnswer,
  teamLeaders,
} from './demo-data';

// The demo's rows, written straight to the tables (nobody is there to click the rater links):
// its units, people and coach grant, and each leader's nominations and sealed responses.

/** The demo's units, coach and leaders (upserted, so a second run changes nothing). */
export async function seedDemoPeople(
  m: EntityManager,
  organisationId: string,
): Promise<{ coachId: string; leaderIds: string[]; teamLeaderIds: string[] }> {
  const unitIds = new Map<string, string>();
  const addUnit = async (name: string, parentId: string | null) => {
    await m
      .createQueryBuilder()
      .insert()
      .into(Unit)
      .values({ organisationId, name, parentId })
      .orIgnore()
      .execute();
    unitIds.set(name, (await m.findOneByOrFail(Unit, { organisationId, name })).id);
  };
  for (const name of DEMO_UNITS) await addUnit(name, null);
  for (const team of DEMO_TEAMS) await addUnit(team.name, unitIds.get(team.parent) ?? null);
  const upsert = async (
    email: string,
    name: string,
    roles: Person['roles'],
    unitId: string | null,
  ) => {
    await m
      .createQueryBuilder()
      .insert()
      .into(Person)
      .values({ organisationId, email, name, roles, unitId })
      .orUpdate(['name', 'roles', 'unit_id'], ['organisation_id', 'email'])
      .execute();
    return (await m.findOneByOrFail(Person, { organisationId, email })).id;
  };
  const coachId = await upsert(DEMO_COACH.email, DEMO_COACH.name, ['coach'], null);
  const leaderIds: string[] = [];
  for (const leader of DEMO_LEADERS) {
    leaderIds.push(
      await upsert(leader.email, leader.name, ['leader'], unitIds.get(leader.unit) ?? null),
    );
  }
  const teamLeaderIds: string[] = [];
  for (const leader of teamLeaders(false)) {
    teamLeaderIds.push(
      await upsert(leader.email, leader.name, ['leader'], unitIds.get(leader.unit) ?? null),
    );
  }
  await m.query(
    `INSERT INTO coach_grants (unit_id, person_id, organisation_id) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [unitIds.get(DEMO_COACH_GRANT), coachId, organisationId],
  );
  return { coachId, leaderIds, teamLeaderIds };
}

/** Nominations (answered, declined, pending) and the synthetic responses of one leader. */
export async function seedDemoFeedback(
  m: EntityManager,
  keys: AnswerKeys,
  of: {
    organisationId: string;
    cycleId: string;
    requestId: string;
    leader: DemoLeader;
    framework: Framework;
    seed: number;
  },
): Promise<void> {
  const { organisationId, cycleId, requestId, leader, framework, seed } = of;
  const random = seededRandom(seed * 7919);
  const raters: { relationship: string; status: string }[] = [
    { relationship: 'self', status: 'completed' },
  ];
  for (const [relationship, n] of Object.entries(leader.answered)) {
    for (let i = 0; i < n; i++) raters.push({ relationship, status: 'completed' });
  }
  for (let i = 0; i < leader.declined; i++)
    raters.push({ relationship: 'peer', status: 'declined' });
  for (let i = 0; i < leader.pending; i++)
    raters.push({ relationship: 'direct_report', status: 'pending' });

  const slug = leader.email.split('@')[0];
  await m.query(
    `INSERT INTO nominations (organisation_id, cycle_id, feedback_request_id, relationship, rater_name, email, status, delivery_status, sent_at)
     SELECT $1, $2, $3, r.relationship, CASE WHEN r.relationship = 'self' THEN $4 ELSE 'Colleague ' || r.n END,
            CASE WHEN r.relationship = 'self' THEN $5 ELSE 'colleague' || r.n || '.' || $6 || '@northshire.example' END,
            r.status, 'sent', now()
       FROM unnest($7::text[], $8::text[]) WITH ORDINALITY AS r(relationship, status, n)`,
    [
      organisationId,
      cycleId,
      requestId,
      leader.name,
      leader.email,
      slug,
      raters.map((r) => r.relationship),
      raters.map((r) => r.status),
    ],
  );

  const answered = raters.filter((r) => r.status === 'completed');
  const rows = answered.map((rater, index) => {
    const answers: Record<string, number | null> = {};
    for (const dimension of framework.dimensions) {
      const level =
        (leader.othersLevel[dimension.key] ?? 3.5) +
        (rater.relationship === 'self' ? (leader.selfBias[dimension.key] ?? 0) : 0);
      for (const item of dimension.items) answers[item.key] = syntheticAnswer(level, random);
    }
    const comments: Record<string, string> = {};
    for (const question of framework.questions) {
      const pool = DEMO_COMMENTS[question.key] ?? [];
      if (pool.length && random() < 0.6)
        comments[question.key] = pool[(index + seed) % pool.length]!;
    }
    return { relationship: rater.relationship, answers, comments };
  });
  // Sealed with the cycle's data key, as the submit stores them.
  await m.query(
    `INSERT INTO responses (feedback_request_id, relationship, answers, comments, submitted_on)
     SELECT $1, r.relationship, r.answers, r.comments, current_date
       FROM unnest($2::text[], $3::text[], $4::text[]) AS r(relationship, answers, comments)`,
    [
      requestId,
      rows.map((r) => r.relationship),
      await Promise.all(rows.map((r) => keys.sealValue(cycleId, r.answers))),
      await Promise.all(rows.map((r) => keys.sealValue(cycleId, r.comments))),
    ],
  );
}
