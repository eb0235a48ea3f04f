/**
 * Days as people in the UK mean them: a date typed in a form ("2026-04-17", "17/4/2026") and
 * the instant it stands for at a given time of day in Europe/London, summer time or not.
 */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** A day typed as ISO `YYYY-MM-DD` (what a date field sends) or `D/M/YYYY`; null when it is no real day. */
export function parseDay(text: string): CalendarDay | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const uk = /^(\d{1,2})[/.\s-](\d{1,2})[/.\s-](\d{4})$/.exec(trimmed);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : uk
      ? [Number(uk[3]), Number(uk[2]), Number(uk[1])]
      : [NaN, NaN, NaN];
  if (!Number.isInteger(year) || year < 2000 || year > 2999) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** The instant that is `hour`:00 on that day in London. */
export function londonTime(day: CalendarDay, hour: number): Date {
  const asUtc = Date.UTC(day.year, day.month - 1, day.day, hour);
  // London is UTC or UTC+1; the offset at the guess is the offset at the answer, except within
  // an hour of a change, which happens at 01:00 UTC, far from working hours.
  return new Date(asUtc - londonOffsetMs(new Date(asUtc)));
}

const TIME_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

function londonOffsetMs(date: Date): number {
  const p = Object.fromEntries(
    TIME_PARTS.formatToParts(date).map((part) => [part.type, Number(part.value)]),
  ) as Partial<Record<Intl.DateTimeFormatPartTypes, number>>;
  const local = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
  return local - Math.floor(date.getTime() / 60_000) * 60_000;
}
