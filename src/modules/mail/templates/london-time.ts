/**
 * Dates in emails are for people in the UK: Europe/London, written the NHS way
 * ("Friday 11 December 2026 at 5pm", "midday", "midnight").
 */
export function formatLondonDateTime(date: Date): string {
  const parts = partsOf(date, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
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

/** "11 December", for subject lines. */
export function formatLondonDay(date: Date): string {
  const parts = partsOf(date, { day: 'numeric', month: 'long' });
  return `${parts.day} ${parts.month}`;
}

function partsOf(
  date: Date,
  options: Intl.DateTimeFormatOptions,
): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  const formatted = new Intl.DateTimeFormat('en-GB', {
    ...options,
    timeZone: 'Europe/London',
  }).formatToParts(date);
  return Object.fromEntries(formatted.map((p) => [p.type, p.value]));
}
