import { JSDOM } from 'jsdom';
import type { FrameworkShape } from '../frameworks/framework-shape';
import { validateAnswers } from './answer-validation';
import {
  formatCloseDate,
  QuestionnairePageProps,
  renderQuestionnairePage,
} from './questionnaire.page';

const framework: FrameworkShape = {
  scale: { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] },
  dimensions: [
    {
      key: 'trust',
      title: 'Building trust and co-operation',
      items: [
        { key: 'keeps_promises', text: 'Keeps the promises they make' },
        { key: 'resolves_conflict', text: 'Resolves conflict openly' },
      ],
    },
  ],
  questions: [{ key: 'helps_most', text: 'What helps most?' }],
};

function props(overrides: Partial<QuestionnairePageProps> = {}): QuestionnairePageProps {
  return {
    leaderName: 'Priya Shah',
    relationship: 'peer',
    cycle: {
      name: 'Spring 2026',
      closesAt: new Date('2026-06-12T16:00:00Z'),
      anonymityThreshold: 3,
      managerDisclosed: false,
    },
    framework,
    values: { answers: {}, comments: {} },
    ...overrides,
  };
}

function dom(html: string): Document {
  return new JSDOM(html).window.document;
}

describe('renderQuestionnairePage', () => {
  it('says who the feedback is about, when it closes and the privacy promise', () => {
    const doc = dom(renderQuestionnairePage(props()));
    expect(doc.querySelector('h1')?.textContent).toBe('Feedback for Priya Shah');
    expect(doc.body.textContent).toContain('Friday 12 June 2026 at 5pm (UK time)');
    expect(doc.querySelector('.privacy')?.textContent).toMatch(
      /at least 3 people in it have answered/,
    );
    expect(doc.querySelector('.privacy')?.textContent).toMatch(
      /line manager are combined with everyone else's, never shown on their own/,
    );
    expect(doc.querySelector('.privacy')?.textContent).toMatch(/No one will see who answered what/);
    expect(doc.documentElement.getAttribute('lang')).toBe('en-GB');
  });

  it('has one fieldset with a legend per item, a labelled radio per scale point and "not observed"', () => {
    const doc = dom(renderQuestionnairePage(props()));
    const fieldsets = [...doc.querySelectorAll('fieldset')];
    expect(fieldsets.map((f) => f.querySelector('legend')?.textContent)).toEqual([
      'Keeps the promises they make',
      'Resolves conflict openly',
    ]);
    const radios = [...fieldsets[0]!.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(
      radios.map((r) => [r.name, r.value, doc.querySelector(`label[for="${r.id}"]`)?.textContent]),
    ).toEqual([
      ['answers[keeps_promises]', '1', 'Never'],
      ['answers[keeps_promises]', '2', 'Rarely'],
      ['answers[keeps_promises]', '3', 'Sometimes'],
      ['answers[keeps_promises]', '4', 'Often'],
      ['answers[keeps_promises]', '5', 'Always'],
      ['answers[keeps_promises]', 'notObserved', 'Not observed'],
    ]);
    const form = doc.querySelector('form')!;
    expect(form.hasAttribute('novalidate')).toBe(true);
    expect(form.querySelector('textarea')?.name).toBe('comments[helps_most]');
    expect([...form.querySelectorAll('button')].map((b) => b.value)).toEqual([
      'submit',
      'save',
      'decline',
    ]);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
  });

  it('re-checks the answers it is given and keeps the text', () => {
    const doc = dom(
      renderQuestionnairePage(
        props({
          values: {
            answers: { keeps_promises: 4, resolves_conflict: null },
            comments: { helps_most: '<b>kind</b>' },
          },
        }),
      ),
    );
    expect(
      doc.querySelector<HTMLInputElement>('input[name="answers[keeps_promises]"]:checked')?.value,
    ).toBe('4');
    expect(
      doc.querySelector<HTMLInputElement>('input[name="answers[resolves_conflict]"]:checked')
        ?.value,
    ).toBe('notObserved');
    expect(doc.querySelector('textarea')?.value).toBe('<b>kind</b>');
    expect(doc.querySelector('textarea')?.outerHTML).toMatch(
      />&lt;b&gt;kind&lt;\/b&gt;<\/textarea>$/,
    );
  });

  it('shows an error summary linking to each field in error, and inline messages tied to them', () => {
    const result = validateAnswers(
      framework,
      { answers: { keeps_promises: 3 }, comments: { helps_most: 'x'.repeat(4001) } },
      'submit',
    );
    if (result.ok) throw new Error('expected errors');
    const doc = dom(
      renderQuestionnairePage(
        props({ values: { answers: { keeps_promises: 3 }, comments: {} }, errors: result.errors }),
      ),
    );
    expect(doc.title).toMatch(/^Error: /);
    const summary = doc.querySelector('.nhsuk-error-summary')!;
    expect(summary.querySelector('[role=alert] h2')?.textContent?.trim()).toBe(
      'There is a problem',
    );
    const links = [...summary.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['#answer-resolves_conflict', '#comment-helps_most']);
    for (const href of links) expect(doc.getElementById(href!.slice(1))).not.toBeNull();
    const fieldset = doc.getElementById('answer-resolves_conflict')!.closest('fieldset')!;
    expect(doc.getElementById(fieldset.getAttribute('aria-describedby')!)?.textContent).toMatch(
      /Select an answer for “Resolves conflict openly”/,
    );
    const textarea = doc.getElementById('comment-helps_most')!;
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    expect(textarea.getAttribute('aria-describedby')).toContain('comment-helps_most-error');
    expect(doc.getElementById('comment-helps_most-error')?.textContent).toMatch(
      /4,000 characters or fewer; it has 4,001/,
    );
  });

  it('gives back a comment exactly, even one that starts with a line break', () => {
    const doc = dom(
      renderQuestionnairePage(
        props({ values: { answers: {}, comments: { helps_most: '\nSecond line' } } }),
      ),
    );
    expect(doc.querySelector('textarea')?.value).toBe('\nSecond line');
  });

  it('escapes what people typed and the names it shows', () => {
    const html = renderQuestionnairePage(
      props({
        leaderName: '<script>x</script>',
        values: { answers: {}, comments: { helps_most: '</textarea><script>' } },
      }),
    );
    expect(html).not.toContain('<script>');
  });

  it('words the manager line from the cycle: disclosed, and the rater is the manager', () => {
    const cycle = { ...props().cycle, managerDisclosed: true };
    const asManager = dom(renderQuestionnairePage(props({ cycle, relationship: 'manager' })));
    expect(asManager.querySelector('.privacy')?.textContent).toMatch(
      /your answers will be shown to them as yours/,
    );
    const asPeer = dom(renderQuestionnairePage(props({ cycle })));
    expect(asPeer.querySelector('.privacy')?.textContent).toMatch(
      /shown as the line manager's own; yours are combined/,
    );
  });

  it('words the self relationship as a self-assessment', () => {
    const doc = dom(renderQuestionnairePage(props({ relationship: 'self' })));
    expect(doc.querySelector('h1')?.textContent).toBe('Your self-assessment');
    expect(doc.body.textContent).toMatch(/This is your self-assessment/);
    expect(doc.querySelector('button[value=submit]')?.textContent?.trim()).toBe(
      'Submit self-assessment',
    );
  });

  it('lists the behaviours with how many of their statements are answered, linked to each', () => {
    const doc = dom(
      renderQuestionnairePage(
        props({
          values: { answers: { keeps_promises: 4, resolves_conflict: null }, comments: {} },
        }),
      ),
    );
    const contents = doc.querySelector('nav#contents')!;
    const entries = [...contents.querySelectorAll('li')].map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(entries).toEqual([
      'Building trust and co-operation 2 of 2 answered',
      'In your own words',
    ]);
    const href = contents.querySelector('a')!.getAttribute('href')!;
    expect(doc.getElementById(href.slice(1))?.textContent).toBe('Building trust and co-operation');
    const none = dom(renderQuestionnairePage(props()));
    expect(none.querySelector('nav#contents li')?.textContent).toMatch(/0 of 2 answered/);
  });

  it('escapes HTML in every name and text it shows, and takes unicode and long names as they are', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const page = renderQuestionnairePage(
      props({
        leaderName: evil,
        cycle: { ...props().cycle, name: `Spring ${evil}` },
        framework: {
          ...framework,
          dimensions: [
            { key: 'trust', title: `Trust ${evil}`, items: [{ key: 'k', text: `Item ${evil}` }] },
          ],
          questions: [{ key: 'q', text: `Question ${evil}` }],
        },
        values: { answers: {}, comments: { q: evil } },
      }),
    );
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const long = 'Siân Ó Briain-Ngozi Adébáyọ̀ '.repeat(8).trim();
    const doc = dom(renderQuestionnairePage(props({ leaderName: long })));
    expect(doc.querySelector('h1')?.textContent).toBe(`Feedback for ${long}`);
    expect(doc.title).toBe(`Feedback for ${long} – Collective 360`);
  });

  it('says when a draft was saved', () => {
    const doc = dom(renderQuestionnairePage(props({ draftSaved: true })));
    expect(doc.querySelector('[role=status]')?.textContent).toMatch(/Your draft has been saved/);
  });
});

describe('formatCloseDate', () => {
  it('is in UK time, winter and summer', () => {
    expect(formatCloseDate(new Date('2026-01-09T17:00:00Z'))).toBe(
      'Friday 9 January 2026 at 5pm (UK time)',
    );
    expect(formatCloseDate(new Date('2026-07-03T16:30:00Z'))).toBe(
      'Friday 3 July 2026 at 5:30pm (UK time)',
    );
  });
});
