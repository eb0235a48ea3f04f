// The short pages a rater sees around the questionnaire: thanks, declined, already answered,
// closed, link not valid, slow down. Pure functions from props to HTML.
import { html, SafeHtml } from '../../common/html';
import { renderPage } from '../../common/page-layout';
import { QUESTIONNAIRE_CSS } from './questionnaire.page';

function messagePage(title: string, paragraphs: SafeHtml[]): string {
  return renderPage({
    title,
    body: html`<h1>${title}</h1>
      ${paragraphs}`,
    css: QUESTIONNAIRE_CSS,
  });
}

export function thankYouPage(leaderName: string, isSelf: boolean): string {
  return messagePage(
    isSelf ? 'Your self-assessment has been sent' : 'Thank you: your feedback has been sent',
    [
      isSelf
        ? html`<p>
            Your answers will be shown in your report beside the combined answers of the people who
            gave you feedback, once the cycle has closed.
          </p>`
        : html`<p>
            Your answers about ${leaderName} have been combined with other people's. They are not
            stored with your name or email address, and no one will see who answered what.
          </p>`,
      html`<p>You can close this page.</p>`,
    ],
  );
}

export function declinedPage(leaderName: string, isSelf: boolean): string {
  return messagePage('You have declined', [
    isSelf
      ? html`<p>You will not be asked for a self-assessment in this cycle again.</p>`
      : html`<p>
          You will not be asked for feedback on ${leaderName} in this cycle again. ${leaderName}
          sees only how many people declined, never who.
        </p>`,
    html`<p>You can close this page.</p>`,
  ]);
}

export function alreadyDonePage(
  status: 'completed' | 'declined',
  leaderName: string,
  isSelf: boolean,
): string {
  if (status === 'declined') {
    return messagePage('You have already declined', [
      html`<p>
        You declined ${isSelf ? 'the self-assessment' : `to give feedback on ${leaderName}`} in this
        cycle, so there is nothing more to do.
      </p>`,
    ]);
  }
  return messagePage('You have already answered', [
    html`<p>
      Your ${isSelf ? 'self-assessment' : `feedback on ${leaderName}`} has been received. Answers
      cannot be changed once they are sent.
    </p>`,
    html`<p>Thank you. You can close this page.</p>`,
  ]);
}

export function linkNotValidPage(): string {
  return messagePage('This link is not valid', [
    html`<p>
      Check that you copied the whole link from your email. If it still does not work, reply to the
      email that invited you.
    </p>`,
  ]);
}

export function notOpenPage(message: string): string {
  return messagePage('This questionnaire is not open', [html`<p>${message}</p>`]);
}

export function tooManyRequestsPage(): string {
  return messagePage('Please wait a minute', [
    html`<p>
      This link has been used many times in the last minute. Wait a minute, then reload the page.
      Your saved draft is kept.
    </p>`,
  ]);
}
