const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The date (YYYY-MM-DD) a response is stored under: today in Europe/London, with no time of
 * day, so the row cannot be matched to a request log or a nomination's change of status.
 */
export function submittedOn(now: Date): string {
  const parts = Object.fromEntries(LONDON_DATE.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
