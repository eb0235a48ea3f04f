// The rater's questionnaire as a server-rendered page: no JavaScript, WCAG 2.2 AA, usable on a
// 320 px wide phone. A pure function from props to HTML.
import { html, SafeHtml } from '../../common/html';
import { renderPage } from '../../common/page-layout';
import type { Relationship } from '../../common/relationship';
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
}

export const QUESTIONNAIRE_CSS = `
body{overflow-wrap:break-word}
.caption{color:#505a5f;font-size:1.125rem;margin:0 0 .25rem}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
.privacy{border-left:6px solid #005eb8;background:#eef4fb;padding:.25rem 1rem;margin:1.5rem 0}
.privacy ul{padding-left:1.25rem}
.question{margin:0 0 1.75rem}
.question--error{border-left:5px solid #b10e1e;padding-left:.75rem}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{font-weight:600;padding:0;margin:0 0 .5rem;max-width:100%;white-space:normal}
.choices{display:flex;flex-direction:column;gap:.25rem}
.choice{display:flex;align-items:center;min-height:44px}
.choice input{width:1.5rem;height:1.5rem;margin:0 .75rem 0 0;flex:none;accent-color:#0b0c0c}
.choice label{font-weight:400;cursor:pointer;padding:.375rem 0;flex:1}
.question-label{display:block;margin-bottom:.25rem}
.hint{margin:0 0 .5rem}
.error-message{margin:0 0 .5rem}
textarea{min-height:8rem;resize:vertical}
.actions{display:flex;flex-wrap:wrap;gap:1rem;margin:2rem 0}
.decline{border-top:2px solid #b1b4b6;margin-top:2.5rem;padding-top:.5rem}
.error-summary h2{margin-top:0}
.error-summary a{color:#b10e1e;font-weight:600}
input:focus,textarea:focus,button:focus{outline:3px solid #0b0c0c;outline-offset:0;box-shadow:0 0 0 6px #ffbf47}
a:focus{outline:3px solid transparent;background:#ffbf47;color:#0b0c0c;box-shadow:0 4px #0b0c0c;text-decoration:none}
@media (min-width:48rem){.choices{flex-direction:row;flex-wrap:wrap;gap:.25rem 1.5rem}}
`;

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

function errorSummary(shown: Map<string, ShownError>): SafeHtml | null {
  if (shown.size === 0) return null;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">There is a problem</h2>
    <ul>
      ${[...shown.values()].map((e) => html`<li><a href="#${e.target}">${e.text}</a></li>`)}
    </ul>
  </div>`;
}

function inlineError(id: string, error: ShownError | undefined): SafeHtml | null {
  if (!error) return null;
  return html`<p class="error-message" id="${id}">
    <span class="visually-hidden">Error: </span>${error.text}
  </p>`;
}

function privacyPromise(props: QuestionnairePageProps): SafeHtml {
  const { leaderName, relationship, cycle } = props;
  const k = cycle.anonymityThreshold;
  if (relationship === 'self') {
    return html`<section class="privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">Who sees your answers</h2>
      <ul>
        <li>
          Your answers are shown in your report beside the combined answers of the people who gave
          you feedback.
        </li>
        <li>
          Your report is seen by you, by your coach if you have one, and by the organisers of this
          cycle.
        </li>
        <li>
          Other people's answers are combined: a group of fewer than ${k} people is never shown, and
          no one sees who answered what.
        </li>
      </ul>
    </section>`;
  }
  let manager: string;
  if (!cycle.managerDisclosed) {
    manager = `Answers from ${leaderName}'s line manager are combined with everyone else's, never shown on their own.`;
  } else if (relationship === 'manager') {
    manager = `In this cycle the line manager's answers are shown as such: as ${leaderName}'s line manager, your answers will be shown to them as yours.`;
  } else {
    manager = `In this cycle answers from ${leaderName}'s line manager are shown as the line manager's own; yours are combined with other people's.`;
  }
  return html`<section class="privacy" aria-labelledby="privacy-title">
    <h2 id="privacy-title">Who sees your answers</h2>
    <ul>
      <li>
        Your answers are combined with those of other people. A group's answers are shown only when
        at least ${k} people in it have answered; a smaller group is never shown.
      </li>
      <li>${manager}</li>
      <li>
        Written comments are shown word for word, without your name, mixed with other people's, and
        only when at least ${k} people have answered in total.
      </li>
      <li>
        No one will see who answered what. ${leaderName} sees only how many people in each group
        have answered.
      </li>
      <li>
        The organisers can see whether you have answered, so that they can send reminders, but never
        what you answered.
      </li>
    </ul>
  </section>`;
}

function itemQuestion(
  props: QuestionnairePageProps,
  item: { key: string; text: string },
  error: ShownError | undefined,
): SafeHtml {
  const { scale } = props.framework;
  const current = props.values.answers[item.key];
  const errorId = `${answerFieldId(item.key)}-error`;
  const points = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
  const choice = (id: string, value: string, label: string, checked: boolean) =>
    html`<div class="choice">
      <input
        type="radio"
        id="${id}"
        name="answers[${item.key}]"
        value="${value}"
        ${checked ? html` checked` : ''}
      /><label for="${id}">${label}</label>
    </div>`;
  return html`<div class="question${error ? ' question--error' : ''}">
<fieldset${error ? html` aria-describedby="${errorId}"` : ''}>
<legend>${item.text}</legend>
${inlineError(errorId, error)}
<div class="choices">
${points.map((point, i) =>
  choice(
    i === 0 ? answerFieldId(item.key) : `${answerFieldId(item.key)}-${point}`,
    String(point),
    scale.labels[i] ?? String(point),
    current === point,
  ),
)}
${choice(`${answerFieldId(item.key)}-not-observed`, NOT_OBSERVED, 'Not observed', current === null)}
</div>
</fieldset>
</div>`;
}

function commentQuestion(
  question: { key: string; text: string },
  value: unknown,
  error: ShownError | undefined,
): SafeHtml {
  const id = commentFieldId(question.key);
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  // On one line on purpose: whitespace inside <textarea> would become part of the answer.
  // prettier-ignore
  const textarea = html`<textarea id="${id}" name="comments[${question.key}]" rows="6" aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ''}>${'\n'}${typeof value === 'string' ? value : ''}</textarea>`;
  return html`<div class="question${error ? ' question--error' : ''}">
    <label class="question-label" for="${id}">${question.text}</label>
    <p class="hint" id="${id}-hint">
      Optional. Up to ${MAX_COMMENT_LENGTH.toLocaleString('en-GB')} characters.
    </p>
    ${inlineError(`${id}-error`, error)} ${textarea}
  </div>`;
}

export function renderQuestionnairePage(props: QuestionnairePageProps): string {
  const { leaderName, relationship, cycle, framework } = props;
  const isSelf = relationship === 'self';
  const shown = shownErrors(framework, props.errors ?? []);
  const closes = formatCloseDate(cycle.closesAt);
  const heading = isSelf ? 'Your self-assessment' : `Feedback for ${leaderName}`;

  const intro = isSelf
    ? html`<p>
        This is your self-assessment, ${leaderName}. For each statement, choose how often you do
        this. If you have not had the chance to, choose Not observed.
      </p>`
    : html`<p>
          You have been asked for feedback on ${leaderName}, as
          ${RELATIONSHIP_PHRASES[relationship]}. The questions are about collective leadership: how
          ${leaderName} helps people at every level lead together to improve care.
        </p>
        <p>
          For each statement, choose how often you have seen ${leaderName} do this. If you have not
          had the chance to see it, choose Not observed.
        </p>`;

  const body = html`<p class="caption">${cycle.name}</p>
    <h1>${heading}</h1>
    ${errorSummary(shown)}
    ${
      props.draftSaved
        ? html`<div class="notice" role="status">
            <p>
              Your draft has been saved. You can come back to it from the link in your email until
              the questionnaire closes.
            </p>
          </div>`
        : ''
    }
    ${intro}
    <p>
      Please answer by <strong>${closes}</strong>. You can save a draft and come back to it from the
      same link.
    </p>
    ${privacyPromise(props)}
    <form method="post" id="${FORM_ID}" novalidate>
      ${framework.dimensions.map(
        (dimension) =>
          html`<h2>${dimension.title}</h2>
            ${dimension.items.map((item) => itemQuestion(props, item, shown.get(answerFieldId(item.key))))}`,
      )}
      ${
        framework.questions.length > 0
          ? html`<h2>In your own words</h2>
              <p>
                ${
                  isSelf
                    ? 'These answers are optional.'
                    : `These answers are optional. ${leaderName} will read them word for word, without your name, so please write nothing that shows who you are unless you are happy for them to know.`
                }
              </p>
              ${framework.questions.map((q) => commentQuestion(q, props.values.comments[q.key], shown.get(commentFieldId(q.key))))}`
          : ''
      }
      <div class="actions">
        <button type="submit" name="action" value="submit">
          Submit ${isSelf ? 'self-assessment' : 'feedback'}
        </button>
        <button type="submit" name="action" value="save" class="secondary">Save draft</button>
      </div>
      <div class="decline">
        <h2>If you would rather not answer</h2>
        <p>
          ${
            isSelf
              ? 'You can decline the self-assessment. You cannot undo this.'
              : `You can decline to give feedback. ${leaderName} sees only how many people in each group declined, never who. You cannot undo this.`
          }
        </p>
        <button type="submit" name="action" value="decline" class="warning">
          Decline ${isSelf ? 'the self-assessment' : 'to give feedback'}
        </button>
      </div>
    </form>`;

  return renderPage({
    title: `${shown.size > 0 ? 'Error: ' : ''}${heading}`,
    body,
    css: QUESTIONNAIRE_CSS,
  });
}
