// Plain data shapes shared by scoring, snapshots and the report views. No Nest or TypeORM here.

export const RELATIONSHIPS = ['self', 'manager', 'peer', 'direct_report', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
/** Every relationship except `self`, in the order reports list them. */
export const OTHER_RELATIONSHIPS = ['manager', 'peer', 'direct_report', 'other'] as const;
export type OtherRelationship = (typeof OTHER_RELATIONSHIPS)[number];

export interface ScaleShape {
  min: number;
  max: number;
  /** One label per scale point, from min to max. */
  labels: string[];
}

export interface FrameworkShape {
  scale: ScaleShape;
  dimensions: { key: string; title: string; items: { key: string; text: string }[] }[];
  questions: { key: string; text: string }[];
}

/** One rater's submitted answers. `null` means "not observed"; a missing key counts the same. */
export interface ResponseInput {
  relationship: Relationship;
  answers: Record<string, number | null>;
  comments: Record<string, string>;
}

export interface ReportInput {
  framework: FrameworkShape;
  /** The cycle's anonymity threshold k (never below 3). */
  threshold: number;
  /** Whether the line manager's answers are shown as their own group at n >= 1. */
  managerDisclosed: boolean;
  responses: ResponseInput[];
  /** Nominations per relationship: how many were invited and how many completed. */
  counts: Partial<Record<Relationship, { invited: number; completed: number }>>;
  /** Secret key for the keyed hash that orders comments (unrelated to submission order). */
  commentOrderKey: string;
}

export interface GroupFigure {
  relationship: OtherRelationship;
  mean: number | null;
  n: number | null;
  suppressed: boolean;
}

export interface ItemReport {
  key: string;
  text: string;
  self: number | null;
  others: { mean: number; n: number; distribution: Record<string, number> } | null;
  groups: GroupFigure[];
}

export interface DimensionReport {
  key: string;
  title: string;
  self: number | null;
  others: { mean: number; n: number } | null;
  groups: GroupFigure[];
  items: ItemReport[];
}

/** The scored part of API.md's report JSON (the snapshot adds requestId, leader and cycle). */
export interface ReportBody {
  threshold: number;
  counts: Record<Relationship, { invited: number; completed: number }>;
  dimensions: DimensionReport[];
  comments: { questionKey: string; question: string; answers: string[] }[];
  highlights: { blindSpots: string[]; hiddenStrengths: string[] };
}
