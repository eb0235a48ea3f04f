import { html } from '../../../common/html';
import type { RenderedMail } from '../mail-message';
import { renderEmail } from './email-layout';
import { formatLondonDateTime } from '../../../common/london-time';
import {
  anonymitySentence,
  RaterMailProps,
  relationshipPhrase,
  whyItMatters,
} from './rater-wording';

export interface RaterInvitationProps extends RaterMailProps {
  /** An earlier email to this rater carried a link that this one replaces (an admin's retry). */
  replacesEarlierLink: boolean;
}

export const raterInvitationSample: RaterInvitationProps = {
  raterName: 'Sam Okafor',
  leaderName: 'Priya Shah',
  organisationName: 'Northshire NHS Foundation Trust',
  cycleName: 'Ward leaders, spring 2026',
  closesAt: new Date('2026-04-17T16:00:00Z'),
  relationship: 'peer',
  anonymityThreshold: 3,
  managerDisclosed: false,
  url: 'http://localhost:3000/r/sample-token',
  replacesEarlierLink: false,
};

/** The one invitation a rater gets (and the leader's own, worded as a self-assessment). */
export function raterInvitationEmail(p: RaterInvitationProps): RenderedMail {
  const closes = formatLondonDateTime(p.closesAt);
  const self = p.relationship === 'self';
  const subject = self
    ? `Your self-assessment for ${p.cycleName}`
    : `${p.leaderName} would value your feedback on their leadership`;
  const opening =
    p.relationship === 'self'
      ? `${p.cycleName} (${p.organisationName}) has started. Please rate your own leadership behaviours: the same questions your colleagues are answering about you.`
      : `${p.leaderName} has asked for your feedback on their leadership, as part of ${p.cycleName} (${p.organisationName}). You were nominated as ${relationshipPhrase(p.relationship)}.`;
  const why = whyItMatters(p);
  const anonymity = anonymitySentence(p);
  const deadline = `Please answer by ${closes} (UK time). It takes about 10 minutes; you can save your answers and come back${self ? '' : ', or decline'}.`;
  const replaces =
    'This link replaces the one in earlier emails, which no longer works. Answers saved with an earlier link were locked with that link, so that nobody else can read them, and this one cannot open them: it starts a fresh form.';
  const personal = 'The link is personal to you: please do not forward this email.';
  const label = self ? 'Start your self-assessment' : 'Give feedback';

  return renderEmail({
    subject,
    preheader: `Open until ${closes}. About 10 minutes.`,
    paragraphs: [
      html`Hello ${p.raterName},`,
      html`${opening}`,
      html`${why}`,
      html`${anonymity}`,
      html`${deadline}`,
      ...(p.replacesEarlierLink ? [html`${replaces}`] : []),
    ],
    action: { label, url: p.url },
    footnotes: [html`${personal}`],
    text: [
      `Hello ${p.raterName},`,
      '',
      opening,
      '',
      why,
      '',
      anonymity,
      '',
      deadline,
      ...(p.replacesEarlierLink ? ['', replaces] : []),
      '',
      `${label}:`,
      p.url,
      '',
      personal,
    ].join('\n'),
  });
}
