// The rater's questionnaire as a server-rendered page on the NHS design system: no JavaScript,
// WCAG 2.2 AA, usable on a 320 px wide phone. A pure function from props to HTML
// (the markup is views/rater/questionnaire.njk).
import type { Relationship } from '../../common/relationship';
import { renderView } from '../../pages/view-engine';
import type { FrameworkShape } from '../frameworks/framework-shape';
import { AnswerError, MAX_COMMENT_LENGTH } from './answer-validation';
import { NOT_OBSERVED } from './questionnaire-form';
import { formatLondonDateTime } from '../../common/london-time';

export interface QuestionnairePageProps {
  leaderName: string;
  relationship: Relationship;
  cycle: { name: string; closesAt: Date; anonymityThreshold: number; managerDisclosed: boolean };
  framework: FrameworkShape;
  /** What to show in the fields: the saved draft, or what was just posted. */
  values: { answers: Record<string, unknown>; comments: Record<string, unknown> };
  errors?: AnswerError[];
  /** Set after "Save draft" succeeded. */
  draftSaved?: boolean;
  /** A draft saved under an earlier link is there: this link cannot open it. */
  draftFromEarlierLink?: boolean;
  /** The database could not be reached: nothing was saved, the answers are shown as sent. */
  outage?: boolean;
}

const RELATIONSHIP_PHRASES: Record<Exclude<Relationship, 'self'>, string> = {
  manager: 'their line manager',
  peer: 'a peer',
  direct_report: 'someone who reports to them',
  other: 'a colleague who works with them',
};

/** "Friday 12 June 2026 at 5pm (UK time)": worded as the invitation and reminder emails say it. */
export function formatCloseDate(closesAt: Date): string {
  return `${formatLondonDateTime(closesAt)} (UK time)`;
}

/** The id of the control an error summary link moves to. */
export function answerFieldId(itemKey: string): string {
  return `answer-${itemKey}`;
}

export function commentFieldId(questionKey: string): string {
  return `comment-${questionKey}`;
}

const FORM_ID = 'questionnaire';

interface ShownError {
  /** The control the summary links to. */
  target: string;
  text: string;
}

/** The page's wording of each error (the API's messages name keys; people need the question). */
function shownErrors(framework: FrameworkShape, errors: AnswerError[]): Map<string, ShownError> {
  const items = new Map(
    framework.dimensions.flatMap((d) => d.items.map((i) => [i.key, i.text] as const)),
  );
  const questions = new Map(framework.questions.map((q) => [q.key, q.text] as const));
  const shown = new Map<string, ShownError>();
  for (const error of errors) {
    const itemText =
      error.key !== undefined && error.field.startsWith('answers.')
        ? items.get(error.key)
        : undefined;
    const questionText =
      error.key !== undefined && error.field.startsWith('comments.')
        ? questions.get(error.key)
        : undefined;
    let entry: ShownError;
    if (itemText !== undefined && error.key !== undefined) {
      const target = answerFieldId(error.key);
      entry =
        error.problem === 'missing'
          ? { target, text: `Select an answer for “${itemText}”, or Not observed` }
          : { target, text: `Select one of the answers shown for “${itemText}”` };
    } else if (questionText !== undefined && error.key !== undefined) {
      const target = commentFieldId(error.key);
      entry =
        error.problem === 'too_long'
          ? {
              target,
              text: `Your answer to “${questionText}” must be ${MAX_COMMENT_LENGTH.toLocaleString('en-GB')} characters or fewer; it has ${(error.length ?? 0).toLocaleString('en-GB')}`,
            }
          : { target, text: `Your answer to “${questionText}” could not be read: type it again` };
    } else {
      entry = {
        target: FORM_ID,
        text: 'The form sent something this questionnaire does not ask: reload the page and try again',
      };
    }
    if (!shown.has(entry.target)) shown.set(entry.target, entry);
  }
  return shown;
}

function privacyPromise(props: QuestionnairePageProps): string[] {
  const { leaderName, relationship, cycle } = props;
  const k = cycle.anonymityThreshold;
  if (relationship === 'self') {
    return [
      'Your answers are shown in your report beside the combined answers of the people who gave you feedback.',
      'Your report is seen by you, by your coach if you have one, and by the organisers of this cycle.',
      `Other people's answers are combined: a group of fewer than ${k} people is never shown, and no one sees who answered what.`,
    ];
  }
  let manager: string;
  if (!cycle.managerDisclosed) {
    manager = `Answers from ${leaderName}'s line manager are combined with everyone else's, never shown on their own.`;
  } else if (relationship === 'manager') {
    manager = `In this cycle the line manager's answers are shown as such: as ${leaderName}'s line manager, your answers will be shown to them as yours.`;
  } else {
    manager = `In this cycle answers from ${leaderName}'s line manager are shown as the line manager's own; yours are combined with other people's.`;
  }
  return [
    `Your answers are combined with those of other people. A group's answers are shown only when at least ${k} people in it have answered; a smaller group is never shown.`,
    manager,
    `Written comments are shown word for word, without your name, mixed with other people's, and only when at least ${k} people have answered in total.`,
    `No one will see who answered what. ${leaderName} sees only how many people in each group have answered.`,
    'The organisers can see whether you have answered, so that they can send reminders, but never what you answered.',
  ];
}

/** A scale point, or "not observed" (null), as the form holds it. */
function isAnswered(value: unknown, scale: { min: number; max: number }): boolean {
  return value === null || (typeof value === 'number' && value >= scale.min && value <= scale.max);
}

export function renderQuestionnairePage(props: QuestionnairePageProps): string {
  const { leaderName, relationship, cycle, framework } = props;
  const isSelf = relationship === 'self';
  const shown = shownErrors(framework, props.errors ?? []);
  const heading = isSelf ? 'Your self-assessment' : `Feedback for ${leaderName}`;
  const { scale } = framework;
  const points = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);

  const behaviours = framework.dimensions.map((dimension) => {
    const items = dimension.items.map((item) => {
      const current = props.values.answers[item.key];
      return {
        key: item.key,
        id: answerFieldId(item.key),
        text: item.text,
        error: shown.get(answerFieldId(item.key))?.text,
        choices: [
          ...points.map((point, i) => ({
            value: String(point),
            text: scale.labels[i] ?? String(point),
            checked: current === point,
          })),
          { value: NOT_OBSERVED, text: 'Not observed', checked: current === null },
        ],
      };
    });
    return {
      id: `behaviour-${dimension.key}`,
      title: dimension.title,
      total: items.length,
      answered: dimension.items.filter((i) => isAnswered(props.values.answers[i.key], scale))
        .length,
      items,
    };
  });

  return renderView('rater/questionnaire.njk', {
    heading,
    cycleName: cycle.name,
    closes: formatCloseDate(cycle.closesAt),
    intro: isSelf
      ? [
          `This is your self-assessment, ${leaderName}. For each statement, choose how often you do this. If you have not had the chance to, choose Not observed.`,
        ]
      : [
          `You have been asked for feedback on ${leaderName}, as ${RELATIONSHIP_PHRASES[relationship]}. The questions are about collective leadership: how ${leaderName} helps people at every level lead together to improve care.`,
          `For each statement, choose how often you have seen ${leaderName} do this. If you have not had the chance to see it, choose Not observed.`,
        ],
    privacy: privacyPromise(props),
    behaviours,
    errorList: [...shown.values()].map((e) => ({ text: e.text, href: `#${e.target}` })),
    draftSaved: props.draftSaved === true,
    draftFromEarlierLink: props.draftFromEarlierLink === true,
    outage: props.outage === true,
    commentsIntro: isSelf
      ? 'These answers are optional.'
      : `These answers are optional. ${leaderName} will read them word for word, without your name, so please write nothing that shows who you are unless you are happy for them to know.`,
    questions: framework.questions.map((q) => {
      const value = props.values.comments[q.key];
      return {
        key: q.key,
        id: commentFieldId(q.key),
        text: q.text,
        value: typeof value === 'string' ? value : '',
        error: shown.get(commentFieldId(q.key))?.text,
      };
    }),
    maxComment: MAX_COMMENT_LENGTH.toLocaleString('en-GB'),
    submitLabel: `Submit ${isSelf ? 'self-assessment' : 'feedback'}`,
    declineLabel: `Decline ${isSelf ? 'the self-assessment' : 'to give feedback'}`,
    declineText: isSelf
      ? 'You can decline the self-assessment. You cannot undo this.'
      : `You can decline to give feedback. ${leaderName} sees only how many people in each group declined, never who. You cannot undo this.`,
  });
}
