import { redactUrl } from './logger-options';

describe('redactUrl', () => {
  it('hides rater tokens in paths and sign-in tokens in query strings', () => {
    expect(redactUrl('/r/abcDEF123_-xyz')).toBe('/r/[redacted]');
    expect(redactUrl('/api/v1/responses/abcDEF/draft')).toBe('/api/v1/responses/[redacted]/draft');
    expect(redactUrl('/sign-in?token=secret&x=1')).toBe('/sign-in?token=[redacted]&x=1');
  });

  it('leaves other paths alone', () => {
    expect(redactUrl('/api/v1/people?page=2')).toBe('/api/v1/people?page=2');
  });
});
