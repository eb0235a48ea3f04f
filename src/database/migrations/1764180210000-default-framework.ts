import { MigrationInterface, QueryRunner } from 'typeorm';

/** The shape stored in frameworks.scale / dimensions / questions (a frozen copy, as migrations are). */
interface SeededFramework {
  key: string;
  version: number;
  name: string;
  scale: { min: number; max: number; labels: string[] };
  dimensions: { key: string; title: string; items: { key: string; text: string }[] }[];
  questions: { key: string; text: string }[];
}

/**
 * The default questionnaire: the five behaviours that nurture a culture of collective leadership
 * in health and care, each asked as observable statements a colleague can rate by frequency.
 * Item keys are stable slugs: reports and CSV exports refer to them. Never edit this version;
 * a change of wording is a new version in a new migration.
 */
export const COLLECTIVE_LEADERSHIP_V1: SeededFramework = {
  key: 'collective-leadership',
  version: 1,
  name: 'Collective leadership behaviours',
  scale: { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] },
  dimensions: [
    {
      key: 'empowering',
      title: 'Developing and empowering people',
      items: [
        {
          key: 'empowering_real_authority',
          text: 'Gives people real authority to make decisions about their work',
        },
        {
          key: 'empowering_coaches_not_tells',
          text: 'Helps people work out their own solutions rather than telling them what to do',
        },
        {
          key: 'empowering_stretch',
          text: 'Offers people new responsibilities that help them develop their skills',
        },
        {
          key: 'empowering_specific_praise',
          text: 'Tells people specifically what they did well',
        },
        {
          key: 'empowering_backs_decisions',
          text: 'Stands by the decisions people make within their authority, even when things go wrong',
        },
        {
          key: 'empowering_time_to_learn',
          text: "Protects time for colleagues' learning and development, even when the service is busy",
        },
      ],
    },
    {
      key: 'shared_learning',
      title: 'Shared learning and continuous improvement',
      items: [
        {
          key: 'shared_learning_own_mistakes',
          text: 'Talks openly about their own mistakes and what they learned from them',
        },
        {
          key: 'shared_learning_invites_ideas',
          text: 'Asks colleagues at every level for ideas on how to improve care',
        },
        {
          key: 'shared_learning_thanks_concerns',
          text: 'Thanks people who raise concerns or report incidents, and acts on what they hear',
        },
        {
          key: 'shared_learning_improvement_time',
          text: 'Makes time and support available for improvement work',
        },
        {
          key: 'shared_learning_across_teams',
          text: 'Shares what their team has learned with other teams and services',
        },
        {
          key: 'shared_learning_patient_feedback',
          text: 'Uses feedback from patients, service users and carers to decide what to improve',
        },
      ],
    },
    {
      key: 'trust',
      title: 'Building trust and co-operation',
      items: [
        { key: 'trust_keeps_promises', text: 'Does what they say they will do' },
        {
          key: 'trust_across_boundaries',
          text: 'Works with other teams, services and organisations to improve care for patients',
        },
        {
          key: 'trust_resolves_conflict',
          text: 'Deals with disagreements openly and respectfully, before they grow',
        },
        {
          key: 'trust_explains_decisions',
          text: 'Shares information openly and explains the reasons behind decisions',
        },
        { key: 'trust_shares_credit', text: 'Gives others credit for shared achievements' },
      ],
    },
    {
      key: 'inclusion',
      title: 'Supporting inclusive climates',
      items: [
        {
          key: 'inclusion_every_voice',
          text: 'Makes sure everyone in a discussion gets heard, not just the most senior or the loudest',
        },
        {
          key: 'inclusion_challenges_bullying',
          text: 'Challenges bullying, harassment or discrimination when they see or hear of it',
        },
        {
          key: 'inclusion_fair_treatment',
          text: 'Treats people fairly, whatever their role, background or working pattern',
        },
        {
          key: 'inclusion_seeks_different_views',
          text: 'Seeks out the views of people with different backgrounds and experiences',
        },
        {
          key: 'inclusion_approachable',
          text: 'Is someone people feel safe to raise a difficult issue with',
        },
        {
          key: 'inclusion_compassion',
          text: 'Notices when colleagues are struggling and responds with compassion',
        },
      ],
    },
    {
      key: 'performance',
      title: 'Managing performance',
      items: [
        {
          key: 'performance_clear_goals',
          text: 'Agrees clear goals and priorities with the team, linked to the quality of care',
        },
        {
          key: 'performance_honest_feedback',
          text: 'Gives people honest, timely feedback on how they are doing',
        },
        {
          key: 'performance_tackles_poor',
          text: 'Tackles poor performance promptly, with compassion and support',
        },
        {
          key: 'performance_reviews_progress',
          text: 'Reviews progress against goals with the team regularly',
        },
        {
          key: 'performance_same_standards',
          text: 'Holds themselves to the standards they expect of others',
        },
      ],
    },
  ],
  questions: [
    {
      key: 'helps_most',
      text: 'What does this person do that most helps people lead together?',
    },
    {
      key: 'do_differently',
      text: 'What is one thing this person could do differently to help people lead together?',
    },
  ],
};

export class DefaultFramework1764180210000 implements MigrationInterface {
  name = 'DefaultFramework1764180210000';

  public async up(q: QueryRunner): Promise<void> {
    const f = COLLECTIVE_LEADERSHIP_V1;
    await q.query(
      `INSERT INTO frameworks (organisation_id, key, version, name, scale, dimensions, questions)
       SELECT NULL, $1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb
        WHERE NOT EXISTS (
          SELECT 1 FROM frameworks WHERE organisation_id IS NULL AND key = $1 AND version = $2)`,
      [
        f.key,
        f.version,
        f.name,
        JSON.stringify(f.scale),
        JSON.stringify(f.dimensions),
        JSON.stringify(f.questions),
      ],
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM frameworks WHERE organisation_id IS NULL AND key = $1 AND version = $2`,
      [COLLECTIVE_LEADERSHIP_V1.key, COLLECTIVE_LEADERSHIP_V1.version],
    );
  }
}
