import { submittedOn } from './submitted-on';

describe('submittedOn', () => {
  it('is the date in London, with no time of day', () => {
    expect(submittedOn(new Date('2026-03-10T12:00:00Z'))).toBe('2026-03-10');
  });

  it('follows British Summer Time: 23:30 UTC in June is already the next day in London', () => {
    expect(submittedOn(new Date('2026-06-14T23:30:00Z'))).toBe('2026-06-15');
  });

  it('is the same date as UTC in winter, just before midnight', () => {
    expect(submittedOn(new Date('2026-01-14T23:59:59Z'))).toBe('2026-01-14');
  });
});
