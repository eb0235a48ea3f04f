import { html, SafeHtml } from '../../../common/html';
import type { RenderedMail } from '../mail-message';

export interface EmailParts {
  subject: string;
  /** Short line shown by mail clients beside the subject. */
  preheader: string;
  /** Paragraphs of the body, in order; each a fragment. */
  paragraphs: SafeHtml[];
  /** The one action of the email. */
  action?: { label: string; url: string };
  /** Paragraphs after the action (privacy, expiry). */
  footnotes?: SafeHtml[];
  /** The same content as plain text, written for reading, not stripped from the HTML. */
  text: string;
}

/** Where the sender's contact line goes; filled at delivery, when MAIL_REPLY_TO is known. */
const CONTACT_SLOT = html`<!--contact-->`;

/**
 * The footer line that says whom to ask (the Reply-To mailbox), in both the HTML and the text.
 * Without a Reply-To the slot is simply removed.
 */
export function withContactLine(mail: RenderedMail, replyTo: string | null): RenderedMail {
  const slot = CONTACT_SLOT.toString();
  if (!replyTo) return { ...mail, html: mail.html.replace(slot, '') };
  const line = html`<p style="margin:16px 0 0;font-size:14px;color:#505a5f">
    Questions? Reply to this email to reach ${replyTo}.
  </p>`;
  return {
    ...mail,
    html: mail.html.replace(slot, line.toString()),
    text: `${mail.text}\n\nQuestions? Reply to this email to reach ${replyTo}.`,
  };
}

/**
 * Simple HTML that reads in any client (one column, no images, inline styles, a real link as
 * well as the button) with the plain-text alternative alongside.
 */
export function renderEmail(parts: EmailParts): RenderedMail {
  const p = (content: SafeHtml) =>
    html`<p style="margin:0 0 16px;font-size:16px;line-height:1.5;color:#0b0c0c">${content}</p>`;
  const body = html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>${parts.subject}</title>
      </head>
      <body style="margin:0;padding:0;background:#f3f2f1">
        <span style="display:none;max-height:0;overflow:hidden">${parts.preheader}</span>
        <table
          role="presentation"
          width="100%"
          cellpadding="0"
          cellspacing="0"
          style="background:#f3f2f1"
        >
          <tr>
            <td align="center" style="padding:16px">
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style="max-width:560px;background:#ffffff;font-family:Arial,Helvetica,sans-serif"
              >
                <tr>
                  <td
                    style="background:#005eb8;color:#ffffff;padding:12px 20px;font-size:18px;font-weight:bold"
                  >
                    Collective 360
                  </td>
                </tr>
                <tr>
                  <td style="padding:20px">
                    ${parts.paragraphs.map(p)}
                    ${
                      parts.action
                        ? html`<p style="margin:24px 0">
                              <a
                                href="${parts.action.url}"
                                style="background:#00703c;color:#ffffff;padding:12px 20px;text-decoration:none;font-weight:bold;font-size:16px;display:inline-block"
                                >${parts.action.label}</a
                              >
                            </p>
                            <p style="margin:0 0 16px;font-size:14px;color:#505a5f">
                              If the button does not work, copy this link into your browser:<br /><a
                                href="${parts.action.url}"
                                style="color:#1d4f91;word-break:break-all"
                                >${parts.action.url}</a
                              >
                            </p>`
                        : ''
                    }
                    ${(parts.footnotes ?? []).map(p)}${CONTACT_SLOT}
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>`;
  return { subject: parts.subject, html: body.toString(), text: parts.text };
}
