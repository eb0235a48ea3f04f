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
  // A date changes at most once a minute: format it once a minute, not once a submit.
  const minute = Math.floor(now.getTime() / 60_000);
  if (lastMinute?.minute === minute) return lastMinute.date;
  const parts = Object.fromEntries(LONDON_DATE.formatToParts(now).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  lastMinute = { minute, date };
  return date;
}

let lastMinute: { minute: number; date: string } | null = null;
