import { html } from '../../../common/html';
import type { RenderedMail } from '../mail-message';
import { renderEmail } from './email-layout';

export interface SignInLinkProps {
  name: string;
  organisation: string;
  url: string;
  validMinutes: number;
}

export const signInLinkSample: SignInLinkProps = {
  name: 'Priya Shah',
  organisation: 'Northshire NHS Foundation Trust',
  url: 'http://localhost:3000/sign-in?token=sample',
  validMinutes: 15,
};

export function signInLinkEmail(props: SignInLinkProps): RenderedMail {
  return renderEmail({
    subject: 'Your sign-in link for Collective 360',
    preheader: `Sign in to Collective 360 for ${props.organisation}.`,
    paragraphs: [
      html`Hello ${props.name},`,
      html`Here is your link to sign in to Collective 360 for ${props.organisation}. It works once
      and for ${props.validMinutes} minutes.`,
    ],
    action: { label: 'Sign in', url: props.url },
    footnotes: [
      html`If you did not ask to sign in, you can ignore this email: nobody can use it without this
      inbox.`,
    ],
    text: [
      `Hello ${props.name},`,
      '',
      `Here is your link to sign in to Collective 360 for ${props.organisation}.`,
      `It works once and for ${props.validMinutes} minutes:`,
      '',
      props.url,
      '',
      'If you did not ask to sign in, you can ignore this email.',
    ].join('\n'),
  });
}
