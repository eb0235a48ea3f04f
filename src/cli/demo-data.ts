import type { Relationship } from '../common/relationship';

/** A small deterministic PRNG (mulberry32), so the demo gives the same report every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoLeader {
  name: string;
  email: string;
  unit: string;
  /** Completed answers per relationship (self is always answered). */
  answered: Partial<Record<Exclude<Relationship, 'self'>, number>>;
  /** Extra nominations that declined or never answered, so counts show the difference. */
  declined: number;
  pending: number;
  /** How others see this leader on each behaviour (1–5), and how the leader sees themself. */
  othersLevel: Record<string, number>;
  selfBias: Record<string, number>;
}

export const DEMO_ORGANISATION = 'Northshire Community Health NHS Trust (demo)';
export const DEMO_ADMIN = { email: 'od.team@northshire.example', name: 'Olu Adeyemi' };
export const DEMO_COACH = { email: 'ruth.mensah@northshire.example', name: 'Dr Ruth Mensah' };
export const DEMO_UNITS = ['Adult Community Services', 'Children and Families'];
/** Teams under the two services: the unit tree of the collective profile. */
export const DEMO_TEAMS: { name: string; parent: string }[] = [
  { name: 'District Nursing', parent: 'Adult Community Services' },
  { name: 'Community Therapies', parent: 'Adult Community Services' },
  { name: 'Health Visiting', parent: 'Children and Families' },
  { name: 'School Nursing', parent: 'Children and Families' },
];
/** The coach may read the collective profile of this service (and its teams). */
export const DEMO_COACH_GRANT = 'Adult Community Services';

/**
 * Five leaders whose groups show each rule: full groups; a small "other" group suppressed;
 * the subtraction case (peers 4, direct report 1: peers suppressed too); only the others figure;
 * and all others below k (counts only).
 */
export const DEMO_LEADERS: DemoLeader[] = [
  {
    name: 'Amira Hassan',
    email: 'amira.hassan@northshire.example',
    unit: 'Adult Community Services',
    answered: { manager: 1, peer: 4, direct_report: 6, other: 3 },
    declined: 1,
    pending: 1,
    othersLevel: {
      empowering: 4.1,
      shared_learning: 3.6,
      trust: 4.3,
      inclusion: 3.9,
      performance: 3.1,
    },
    selfBias: {
      empowering: -0.4,
      shared_learning: 0.2,
      trust: 0,
      inclusion: 0.3,
      performance: 1.2,
    },
  },
  {
    name: 'Tom Whitfield',
    email: 'tom.whitfield@northshire.example',
    unit: 'Adult Community Services',
    answered: { manager: 1, peer: 5, direct_report: 4, other: 2 },
    declined: 0,
    pending: 2,
    othersLevel: {
      empowering: 3.4,
      shared_learning: 4.2,
      trust: 3.8,
      inclusion: 3.3,
      performance: 3.9,
    },
    selfBias: {
      empowering: 1.1,
      shared_learning: -0.9,
      trust: 0.2,
      inclusion: 0.8,
      performance: 0,
    },
  },
  {
    name: 'Grace Okafor',
    email: 'grace.okafor@northshire.example',
    unit: 'Children and Families',
    answered: { peer: 4, direct_report: 1 },
    declined: 1,
    pending: 0,
    othersLevel: {
      empowering: 4.4,
      shared_learning: 4.0,
      trust: 4.5,
      inclusion: 4.6,
      performance: 3.7,
    },
    selfBias: {
      empowering: -1.0,
      shared_learning: -0.5,
      trust: -0.8,
      inclusion: -1.1,
      performance: 0,
    },
  },
  {
    name: 'Daniel Price',
    email: 'daniel.price@northshire.example',
    unit: 'Children and Families',
    answered: { manager: 1, peer: 2, other: 1 },
    declined: 0,
    pending: 1,
    othersLevel: {
      empowering: 3.0,
      shared_learning: 3.2,
      trust: 3.5,
      inclusion: 3.1,
      performance: 3.4,
    },
    selfBias: {
      empowering: 0.6,
      shared_learning: 0.4,
      trust: 0.5,
      inclusion: 0.9,
      performance: 0.3,
    },
  },
  {
    name: 'Siobhan Kelly',
    email: 'siobhan.kelly@northshire.example',
    unit: 'Children and Families',
    answered: { manager: 1, peer: 1 },
    declined: 2,
    pending: 1,
    othersLevel: {
      empowering: 3.8,
      shared_learning: 3.8,
      trust: 3.8,
      inclusion: 3.8,
      performance: 3.8,
    },
    selfBias: { empowering: 0, shared_learning: 0, trust: 0, inclusion: 0, performance: 0 },
  },
];

export const DEMO_COMMENTS: Record<string, string[]> = {
  helps_most: [
    'Asks the team what they think before deciding, and then actually uses it.',
    'Shares what went wrong on the ward openly, which made it safe for the rest of us to do the same.',
    'Always makes time for the new starters and connects them with the right people.',
    'Works well with the GP practices and social care; people trust her word.',
    'Gives us the authority to fix problems on the spot instead of waiting for sign-off.',
    'Backs the team when things are hard and says thank you when they go well.',
  ],
  do_differently: [
    'Could say earlier when plans change: we sometimes hear about it last.',
    'Take on poor behaviour in meetings sooner, even from senior colleagues.',
    'Delegate the rota decisions; the band 6s are ready for it.',
    'Be clearer about what good looks like for the improvement projects.',
    'Join the night team huddles now and then.',
  ],
};

/** One synthetic answer on a 1–5 scale around `level`, now and then "not observed" (null). */
export function syntheticAnswer(level: number, random: () => number): number | null {
  if (random() < 0.07) return null;
  const noisy = level + (random() + random() + random() - 1.5) * 1.1;
  return Math.min(5, Math.max(1, Math.round(noisy)));
}

/** How others see a team's leaders, per behaviour, now; and how much higher it is than a cycle ago. */
const TEAM_LEVELS: Record<
  string,
  { level: Record<string, number>; since: Record<string, number> }
> = {
  'District Nursing': {
    level: { empowering: 4.0, shared_learning: 3.4, trust: 4.2, inclusion: 3.7, performance: 3.3 },
    since: { empowering: 0.4, shared_learning: 0.3, trust: 0.1, inclusion: 0.2, performance: -0.2 },
  },
  'Community Therapies': {
    level: { empowering: 3.6, shared_learning: 4.1, trust: 3.9, inclusion: 4.0, performance: 3.5 },
    since: { empowering: 0.1, shared_learning: 0.2, trust: 0, inclusion: 0.3, performance: 0.1 },
  },
  'Health Visiting': {
    level: { empowering: 3.2, shared_learning: 3.6, trust: 3.4, inclusion: 3.0, performance: 2.9 },
    since: {
      empowering: -0.3,
      shared_learning: 0.1,
      trust: -0.2,
      inclusion: -0.4,
      performance: -0.1,
    },
  },
  'School Nursing': {
    level: { empowering: 3.9, shared_learning: 3.7, trust: 4.0, inclusion: 4.1, performance: 3.6 },
    since: { empowering: 0.2, shared_learning: 0, trust: 0.1, inclusion: 0.2, performance: 0 },
  },
};

const TEAM_LEADERS: Record<string, string[]> = {
  'District Nursing': ['Hannah Brooks', 'Kwame Asante', 'Laura Jenkins', 'Mohammed Iqbal'],
  'Community Therapies': ['Chloe Evans', 'Rajesh Patel', 'Sinead Byrne'],
  'Health Visiting': ['Beatrice Osei', 'Gareth Lloyd', 'Nadia Rahman'],
  'School Nursing': ['Fiona Campbell', 'Ewan Stewart'],
};

/**
 * The team leaders of the collective profile: full groups each (so each has an others figure),
 * at their team's level, and a cycle ago at that level less the change. Therapies (3) gives way
 * under its service, whose residue would otherwise be 2; School Nursing (2) is below k.
 */
export function teamLeaders(earlier: boolean): DemoLeader[] {
  return Object.entries(TEAM_LEADERS).flatMap(([unit, names]) =>
    names.map((name, i) => {
      const levels = TEAM_LEVELS[unit]!;
      const othersLevel = Object.fromEntries(
        Object.entries(levels.level).map(([key, level]) => [
          key,
          level + (i % 2 === 0 ? 0.1 : -0.1) - (earlier ? (levels.since[key] ?? 0) : 0),
        ]),
      );
      return {
        name,
        email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@northshire.example`,
        unit,
        answered: { manager: 1, peer: 4, direct_report: 3 },
        declined: 0,
        pending: 0,
        othersLevel,
        selfBias: {},
      };
    }),
  );
}

/** The five report leaders a cycle ago: a little lower on most behaviours. */
export function earlierDemoLeaders(): DemoLeader[] {
  return DEMO_LEADERS.map((leader) => ({
    ...leader,
    othersLevel: Object.fromEntries(
      Object.entries(leader.othersLevel).map(([key, level]) => [key, level - 0.25]),
    ),
  }));
}
