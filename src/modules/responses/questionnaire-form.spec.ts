import { parseQuestionnaireForm } from './questionnaire-form';

describe('parseQuestionnaireForm', () => {
  it('turns radio values into scale points and "notObserved" into null', () => {
    const form = parseQuestionnaireForm({
      action: 'submit',
      answers: { keeps_promises: '4', every_voice: 'notObserved' },
      comments: { helps_most: 'Listens' },
    });
    expect(form).toEqual({
      action: 'submit',
      input: {
        answers: { keeps_promises: 4, every_voice: null },
        comments: { helps_most: 'Listens' },
      },
    });
  });

  it('passes odd values on unchanged, for the validator to refuse', () => {
    const form = parseQuestionnaireForm({
      action: 'save',
      answers: { a: '2.5', b: ['1', '2'], c: 'often' },
    });
    expect(form.input.answers).toEqual({ a: '2.5', b: ['1', '2'], c: 'often' });
  });

  it('knows only the three buttons', () => {
    expect(parseQuestionnaireForm({ action: 'decline' }).action).toBe('decline');
    expect(parseQuestionnaireForm({ action: 'delete' }).action).toBeNull();
    expect(parseQuestionnaireForm({}).action).toBeNull();
    expect(parseQuestionnaireForm(undefined)).toEqual({
      action: null,
      input: { answers: {}, comments: {} },
    });
  });
});
