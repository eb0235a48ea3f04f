import type { AnswerSet } from './answer-validation';
import type { QuestionnaireView } from './dto/questionnaire.view';
import type { RaterContext } from './rater-links.service';

/** The API's `GET /api/v1/responses/:token` body. */
export function questionnaireView(ctx: RaterContext, draft: AnswerSet | null): QuestionnaireView {
  return {
    leader: { name: ctx.leaderName },
    cycle: {
      name: ctx.cycle.name,
      closesAt: ctx.cycle.closesAt.toISOString(),
      anonymityThreshold: ctx.cycle.anonymityThreshold,
      managerDisclosed: ctx.cycle.managerDisclosed,
    },
    relationship: ctx.relationship,
    scale: ctx.framework.scale,
    dimensions: ctx.framework.dimensions,
    questions: ctx.framework.questions,
    draft: draft ? { answers: draft.answers, comments: draft.comments } : null,
  };
}
