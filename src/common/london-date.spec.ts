import { londonTime, parseDay } from './london-date';

describe('London days', () => {
  it('reads ISO and UK-style days and refuses days that do not exist', () => {
    expect(parseDay('2026-04-17')).toEqual({ year: 2026, month: 4, day: 17 });
    expect(parseDay(' 17/4/2026 ')).toEqual({ year: 2026, month: 4, day: 17 });
    expect(parseDay('29/02/2028')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of [
      '',
      '2026-02-30',
      '31/4/2026',
      '29/02/2027',
      'tomorrow',
      '17/4/26',
      '1999-01-01',
    ]) {
      expect(parseDay(bad)).toBeNull();
    }
  });

  it('puts 5pm London on the right instant in winter and in summer time', () => {
    expect(londonTime({ year: 2026, month: 1, day: 15 }, 17).toISOString()).toBe(
      '2026-01-15T17:00:00.000Z',
    );
    expect(londonTime({ year: 2026, month: 7, day: 15 }, 17).toISOString()).toBe(
      '2026-07-15T16:00:00.000Z',
    );
    // The days the clocks change (29 March and 25 October 2026).
    expect(londonTime({ year: 2026, month: 3, day: 29 }, 17).toISOString()).toBe(
      '2026-03-29T16:00:00.000Z',
    );
    expect(londonTime({ year: 2026, month: 10, day: 25 }, 17).toISOString()).toBe(
      '2026-10-25T17:00:00.000Z',
    );
  });
});
