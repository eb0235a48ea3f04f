import { computeReport } from './compute-report';
import type { Relationship } from '../../common/relationship';
import type { FrameworkShape } from '../frameworks/framework-shape';
import type { ReportBody, ResponseInput } from './report.types';

/** The API's report JSON: the scored body with who and which cycle it is about. */
export interface ReportDocument extends ReportBody {
  requestId: string;
  leader: { id: string; name: string };
  cycle: { id: string; name: string };
}

export interface ReportDocumentInput {
  requestId: string;
  leader: { id: string; name: string };
  cycle: { id: string; name: string; anonymityThreshold: number; managerDisclosed: boolean };
  framework: FrameworkShape;
  responses: ResponseInput[];
  counts: Partial<Record<Relationship, { invited: number; completed: number }>>;
  /** A fresh secret per computation, never stored, so nobody can recompute the comment order. */
  commentOrderKey: string;
}

/** Scores one feedback request into the document a snapshot stores. Pure. */
export function buildReportDocument(input: ReportDocumentInput): ReportDocument {
  const body = computeReport({
    framework: input.framework,
    threshold: input.cycle.anonymityThreshold,
    managerDisclosed: input.cycle.managerDisclosed,
    responses: input.responses,
    counts: input.counts,
    commentOrderKey: input.commentOrderKey,
  });
  return inContractOrder({
    requestId: input.requestId,
    leader: input.leader,
    cycle: { id: input.cycle.id, name: input.cycle.name },
    ...body,
  });
}

/**
 * The document with exactly the API's fields, in its order. jsonb keeps keys in its own order, so
 * what a snapshot gives back is put in order again before it is served (and nothing else leaks).
 */
export function inContractOrder(doc: ReportDocument): ReportDocument {
  const group = (g: ReportBody['dimensions'][number]['groups'][number]) => ({
    relationship: g.relationship,
    mean: g.mean,
    n: g.n,
    suppressed: g.suppressed,
  });
  const count = (c: { invited: number; completed: number }) => ({
    invited: c.invited,
    completed: c.completed,
  });
  return {
    requestId: doc.requestId,
    leader: { id: doc.leader.id, name: doc.leader.name },
    cycle: { id: doc.cycle.id, name: doc.cycle.name },
    threshold: doc.threshold,
    counts: {
      self: count(doc.counts.self),
      manager: count(doc.counts.manager),
      peer: count(doc.counts.peer),
      direct_report: count(doc.counts.direct_report),
      other: count(doc.counts.other),
    },
    dimensions: doc.dimensions.map((d) => ({
      key: d.key,
      title: d.title,
      self: d.self,
      others: d.others && { mean: d.others.mean, n: d.others.n },
      groups: d.groups.map(group),
      items: d.items.map((i) => ({
        key: i.key,
        text: i.text,
        self: i.self,
        others: i.others && {
          mean: i.others.mean,
          n: i.others.n,
          distribution: { ...i.others.distribution },
        },
        groups: i.groups.map(group),
      })),
    })),
    comments: doc.comments.map((c) => ({
      questionKey: c.questionKey,
      question: c.question,
      answers: [...c.answers],
    })),
    highlights: {
      blindSpots: [...doc.highlights.blindSpots],
      hiddenStrengths: [...doc.highlights.hiddenStrengths],
    },
  };
}
