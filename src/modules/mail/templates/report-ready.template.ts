import { html } from '../../../common/html';
import type { RenderedMail } from '../mail-message';
import { renderEmail } from './email-layout';

export interface ReportReadyProps {
  /** The leader reads their own report; a coach their coachee's. */
  audience: 'leader' | 'coach';
  recipientName: string;
  leaderName: string;
  cycleName: string;
  organisation: string;
  url: string;
}

export const reportReadySample: ReportReadyProps = {
  audience: 'leader',
  recipientName: 'Priya Shah',
  leaderName: 'Priya Shah',
  cycleName: 'Spring 2026 leadership 360',
  organisation: 'Northshire NHS Foundation Trust',
  url: 'http://localhost:3000/reports/00000000-0000-4000-8000-000000000000',
};

export const reportReadyCoachSample: ReportReadyProps = {
  ...reportReadySample,
  audience: 'coach',
  recipientName: 'Sam Okafor',
};

/** "Your report is ready" (leader) or "your coachee's report is ready" (coach). No figures. */
export function reportReadyEmail(p: ReportReadyProps): RenderedMail {
  const forLeader = p.audience === 'leader';
  const subject = forLeader
    ? `Your 360° feedback report from ${p.cycleName} is ready`
    : `${p.leaderName}’s 360° feedback report from ${p.cycleName} is ready`;
  const intro = forLeader
    ? `Your 360° feedback report from ${p.cycleName} at ${p.organisation} is ready to read.`
    : `The 360° feedback report of ${p.leaderName}, whom you coach, from ${p.cycleName} at ${p.organisation} is ready. ${p.leaderName} can read it now too.`;
  const next = forLeader
    ? 'It is best read with your coach, if you have one: the report explains how to read it, and no figure in it can be traced to one person.'
    : 'You may want to arrange a conversation to go through it together.';
  return renderEmail({
    subject,
    preheader: forLeader ? 'Your report is ready to read.' : `${p.leaderName}’s report is ready.`,
    paragraphs: [html`Hello ${p.recipientName},`, html`${intro}`, html`${next}`],
    action: { label: 'Read the report', url: p.url },
    footnotes: [html`You will be asked to sign in first if you are not signed in already.`],
    text: [
      `Hello ${p.recipientName},`,
      '',
      intro,
      '',
      next,
      '',
      `Read the report: ${p.url}`,
      '',
      'You will be asked to sign in first if you are not signed in already.',
    ].join('\n'),
  });
}
