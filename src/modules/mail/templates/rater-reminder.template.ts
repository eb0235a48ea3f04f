import { html } from '../../../common/html';
import type { RenderedMail } from '../mail-message';
import { renderEmail } from './email-layout';
import { formatLondonDateTime, formatLondonDay } from '../../../common/london-time';
import { anonymitySentence, RaterMailProps, whyItMatters } from './rater-wording';

/** Its `url` is freshly issued: earlier links stop working. */
export type RaterReminderProps = RaterMailProps;

export const raterReminderSample: RaterReminderProps = {
  raterName: 'Sam Okafor',
  leaderName: 'Priya Shah',
  organisationName: 'Northshire NHS Foundation Trust',
  cycleName: 'Ward leaders, spring 2026',
  closesAt: new Date('2026-04-17T16:00:00Z'),
  relationship: 'direct_report',
  anonymityThreshold: 3,
  managerDisclosed: true,
  url: 'http://localhost:3000/r/sample-token',
};

/** To a rater who has neither answered nor declined; its link replaces the earlier one. */
export function raterReminderEmail(p: RaterReminderProps): RenderedMail {
  const closes = formatLondonDateTime(p.closesAt);
  const self = p.relationship === 'self';
  const subject = self
    ? `Reminder: your self-assessment closes on ${formatLondonDay(p.closesAt)}`
    : `Reminder: feedback for ${p.leaderName} closes on ${formatLondonDay(p.closesAt)}`;
  const opening = self
    ? `Your self-assessment for ${p.cycleName} (${p.organisationName}) is still open until ${closes} (UK time).`
    : `${p.leaderName} would still value your feedback for ${p.cycleName} (${p.organisationName}). Answers close on ${closes} (UK time).`;
  const replaces =
    'This email has a new link: it replaces the one in earlier emails, which no longer works. Answers saved with an earlier link were locked with that link, so that nobody else can read them, and this one cannot open them: it starts a fresh form.';
  const why = whyItMatters(p);
  const anonymity = anonymitySentence(p);
  const personal = self
    ? 'The link is personal to you: please do not forward this email.'
    : 'The link is personal to you: please do not forward this email. If you would rather not answer, you can decline on the same page.';
  const label = self ? 'Continue your self-assessment' : 'Give feedback';

  return renderEmail({
    subject,
    preheader: `Open until ${closes}.`,
    paragraphs: [
      html`Hello ${p.raterName},`,
      html`${opening}`,
      html`${replaces}`,
      html`${why}`,
      html`${anonymity}`,
    ],
    action: { label, url: p.url },
    footnotes: [html`${personal}`],
    text: [
      `Hello ${p.raterName},`,
      '',
      opening,
      '',
      replaces,
      '',
      why,
      '',
      anonymity,
      '',
      `${label}:`,
      p.url,
      '',
      personal,
    ].join('\n'),
  });
}
