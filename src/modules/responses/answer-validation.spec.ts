import type { FrameworkShape } from '../frameworks/framework-shape';
import { validateAnswers } from './answer-validation';

const framework: FrameworkShape = {
  scale: { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] },
  dimensions: [
    {
      key: 'trust',
      title: 'Building trust',
      items: [
        { key: 'keeps_promises', text: 'Keeps promises' },
        { key: 'resolves_conflict', text: 'Resolves conflict' },
      ],
    },
    {
      key: 'inclusion',
      title: 'Inclusion',
      items: [{ key: 'every_voice', text: 'Hears every voice' }],
    },
  ],
  questions: [
    { key: 'helps_most', text: 'What helps most?' },
    { key: 'differently', text: 'One thing to do differently?' },
  ],
};

const full = { keeps_promises: 4, resolves_conflict: null, every_voice: 1 };

function errorsOf(
  input: { answers?: unknown; comments?: unknown },
  mode: 'submit' | 'draft' = 'submit',
) {
  const result = validateAnswers(framework, input, mode);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('validateAnswers', () => {
  it('accepts every item on the scale or null, and keeps comments that have text', () => {
    const result = validateAnswers(
      framework,
      { answers: full, comments: { helps_most: '  Listens.\r\nActs.  ', differently: '' } },
      'submit',
    );
    expect(result).toEqual({
      ok: true,
      value: { answers: full, comments: { helps_most: 'Listens.\nActs.' } },
    });
  });

  it('accepts the ends of the scale and a missing comments object', () => {
    const result = validateAnswers(
      framework,
      { answers: { keeps_promises: 1, resolves_conflict: 5, every_voice: null } },
      'submit',
    );
    expect(result.ok).toBe(true);
  });

  it('names every missing item on submit', () => {
    const errors = errorsOf({ answers: { keeps_promises: 3 } });
    expect(errors.map((e) => [e.field, e.problem])).toEqual([
      ['answers.resolves_conflict', 'missing'],
      ['answers.every_voice', 'missing'],
    ]);
    expect(errors[0]!.message).toMatch(/answers\.resolves_conflict is missing/);
  });

  it('lets a draft leave items out but still checks what is there', () => {
    expect(validateAnswers(framework, { answers: { keeps_promises: 2 } }, 'draft')).toEqual({
      ok: true,
      value: { answers: { keeps_promises: 2 }, comments: {} },
    });
    expect(validateAnswers(framework, {}, 'draft')).toEqual({
      ok: true,
      value: { answers: {}, comments: {} },
    });
    expect(errorsOf({ answers: { keeps_promises: 9 } }, 'draft').map((e) => e.field)).toEqual([
      'answers.keeps_promises',
    ]);
  });

  it.each([
    ['zero', 0],
    ['six', 6],
    ['a fraction', 2.5],
    ['a string', '3'],
    ['a boolean', true],
    ['an array', [3]],
    ['an object', { value: 3 }],
    ['NaN', Number.NaN],
  ])('refuses %s as an answer, naming the item', (_what, value) => {
    const errors = errorsOf({ answers: { ...full, keeps_promises: value } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      field: 'answers.keeps_promises',
      problem: 'off_scale',
      key: 'keeps_promises',
    });
    expect(errors[0]!.message).toMatch(
      /answers\.keeps_promises must be a whole number from 1 to 5, or null/,
    );
  });

  it('refuses item keys the framework does not have', () => {
    const errors = errorsOf({ answers: { ...full, made_up: 3 } });
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'answers.made_up',
        problem: 'unknown_key',
        message: 'answers.made_up is not an item of this questionnaire',
      }),
    ]);
  });

  it('refuses a prototype key as unknown rather than trusting it', () => {
    const answers = JSON.parse(
      `{"keeps_promises":4,"resolves_conflict":null,"every_voice":1,"__proto__":{"x":1}}`,
    );
    expect(errorsOf({ answers }).map((e) => e.field)).toEqual(['answers.__proto__']);
  });

  it('refuses question keys the framework does not have', () => {
    const errors = errorsOf({ answers: full, comments: { nonsense: 'hello' } });
    expect(errors.map((e) => [e.field, e.problem])).toEqual([['comments.nonsense', 'unknown_key']]);
  });

  it('takes comments up to 4,000 characters and refuses 4,001, saying how long it is', () => {
    expect(
      validateAnswers(
        framework,
        { answers: full, comments: { helps_most: 'x'.repeat(4000) } },
        'submit',
      ).ok,
    ).toBe(true);
    const errors = errorsOf({ answers: full, comments: { helps_most: 'x'.repeat(4001) } });
    expect(errors).toEqual([
      expect.objectContaining({ field: 'comments.helps_most', problem: 'too_long', length: 4001 }),
    ]);
    expect(errors[0]!.message).toBe(
      'comments.helps_most must be 4,000 characters or fewer; it has 4,001',
    );
  });

  it('refuses NUL and half a surrogate pair, which PostgreSQL cannot store, and keeps whole emoji', () => {
    for (const text of ['a\u0000b', 'alone \ud83d', '\ude00 alone', 'swapped \ude00\ud83d']) {
      const errors = errorsOf({ answers: full, comments: { helps_most: text } });
      expect(errors.map((e) => [e.field, e.problem])).toEqual([
        ['comments.helps_most', 'bad_character'],
      ]);
    }
    expect(
      validateAnswers(
        framework,
        { answers: full, comments: { helps_most: 'Listens 😀 first' } },
        'submit',
      ).ok,
    ).toBe(true);
  });

  it('counts characters as people do: a CRLF line break once, an emoji once', () => {
    const lines = 'ab\r\n'.repeat(1333) + 'a'; // 1333 × 3 + 1 = 4,000 characters once normalised
    expect(
      validateAnswers(framework, { answers: full, comments: { helps_most: lines } }, 'submit').ok,
    ).toBe(true);
    expect(
      validateAnswers(
        framework,
        { answers: full, comments: { helps_most: '🙂'.repeat(4000) } },
        'submit',
      ).ok,
    ).toBe(true);
  });

  it('refuses answers and comments of the wrong shape', () => {
    expect(errorsOf({ answers: [1, 2, 3] }).map((e) => e.field)).toEqual(['answers']);
    expect(errorsOf({}).map((e) => e.field)).toEqual(['answers']);
    expect(errorsOf({ answers: full, comments: 'text' }).map((e) => e.field)).toEqual(['comments']);
    expect(
      errorsOf({ answers: full, comments: { helps_most: 42 } }).map((e) => [e.field, e.problem]),
    ).toEqual([['comments.helps_most', 'not_text']]);
  });

  it('reports every problem at once, items in framework order', () => {
    const errors = errorsOf({
      answers: { every_voice: 7, extra: 1 },
      comments: { differently: 'y'.repeat(4001) },
    });
    expect(errors.map((e) => e.field)).toEqual([
      'answers.keeps_promises',
      'answers.resolves_conflict',
      'answers.every_voice',
      'answers.extra',
      'comments.differently',
    ]);
  });

  it('caps the unknown keys it lists, so a hostile body cannot make a huge reply', () => {
    const answers: Record<string, unknown> = { ...full };
    for (let i = 0; i < 500; i++) answers[`k${i}`] = 1;
    expect(errorsOf({ answers })).toHaveLength(20);
  });

  it('honours the framework scale (0 to 10)', () => {
    const wide: FrameworkShape = {
      ...framework,
      scale: { min: 0, max: 10, labels: Array.from({ length: 11 }, (_, i) => `${i}`) },
    };
    expect(
      validateAnswers(
        wide,
        { answers: { keeps_promises: 0, resolves_conflict: 10, every_voice: null } },
        'submit',
      ).ok,
    ).toBe(true);
    expect(
      validateAnswers(
        wide,
        { answers: { keeps_promises: 11, resolves_conflict: 10, every_voice: null } },
        'submit',
      ).ok,
    ).toBe(false);
  });
});
