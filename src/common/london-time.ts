/**
 * Dates for people in the UK, in emails and pages alike: Europe/London, written the NHS way
 * ("Friday 11 December 2026 at 5pm", "midday", "midnight"). Every date a person reads goes
 * through this file, so an email and a page never word the same moment differently.
 */
export function formatLondonDateTime(date: Date): string {
  // Every email of a cycle gives the same closing time: format it once.
  if (lastDateTime?.time === date.getTime()) return lastDateTime.text;
  const text = londonDateTime(date);
  lastDateTime = { time: date.getTime(), text };
  return text;
}

let lastDateTime: { time: number; text: string } | null = null;

function londonDateTime(date: Date): string {
  const parts = partsOf(DATE_TIME, date);
  const hour = Number(parts.hour);
  const minute = parts.minute ?? '00';
  let time: string;
  if (minute === '00' && hour === 12) time = 'midday';
  else if (minute === '00' && hour === 0) time = 'midnight';
  else {
    const h12 = hour % 12 === 0 ? 12 : hour % 12;
    const suffix = hour < 12 ? 'am' : 'pm';
    time = minute === '00' ? `${h12}${suffix}` : `${h12}:${minute}${suffix}`;
  }
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${time}`;
}

/** "11 December 2026": a day, in pages and emails. */
export function formatLondonDate(date: Date): string {
  const parts = partsOf(DATE, date);
  return `${parts.day} ${parts.month} ${parts.year}`;
}

/** "11 December", for subject lines. */
export function formatLondonDay(date: Date): string {
  const parts = partsOf(DAY, date);
  return `${parts.day} ${parts.month}`;
}

// Made once: building an Intl.DateTimeFormat costs far more than formatting with it (it was
// a tenth of the mail worker's time when made per email).
const DATE_TIME = londonFormat({
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const DAY = londonFormat({ day: 'numeric', month: 'long' });
const DATE = londonFormat({ day: 'numeric', month: 'long', year: 'numeric' });

function londonFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'Europe/London' });
}

function partsOf(
  format: Intl.DateTimeFormat,
  date: Date,
): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}
