// Plain data shapes shared by scoring, snapshots and the report views. No Nest or TypeORM here.
import type { OtherRelationship, Relationship } from '../../common/relationship';
import type { FrameworkShape } from '../frameworks/framework-shape';

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

/** The scored part of the API's report JSON (the snapshot adds requestId, leader and cycle). */
export interface ReportBody {
  threshold: number;
  counts: Record<Relationship, { invited: number; completed: number }>;
  dimensions: DimensionReport[];
  comments: { questionKey: string; question: string; answers: string[] }[];
  highlights: { blindSpots: string[]; hiddenStrengths: string[] };
}
