// The short pages a rater sees around the questionnaire: thanks, declined, already answered,
// closed, link not valid, slow down. Pure functions from props to HTML.
import { renderView } from '../../pages/view-engine';

function messagePage(heading: string, paragraphs: string[]): string {
  return renderView('rater/message.njk', { heading, paragraphs });
}

export function thankYouPage(leaderName: string, isSelf: boolean): string {
  return messagePage(
    isSelf ? 'Your self-assessment has been sent' : 'Thank you: your feedback has been sent',
    [
      isSelf
        ? `Your answers will be shown in your report beside the combined answers of the people who gave you feedback, once the cycle has closed.`
        : `Your answers about ${leaderName} have been combined with other people's. They are not stored with your name or email address, and no one will see who answered what.`,
      `You can close this page.`,
    ],
  );
}

export function declinedPage(leaderName: string, isSelf: boolean): string {
  return messagePage('You have declined', [
    isSelf
      ? `You will not be asked for a self-assessment in this cycle again.`
      : `You will not be asked for feedback on ${leaderName} in this cycle again. ${leaderName} sees only how many people declined, never who.`,
    `You can close this page.`,
  ]);
}

export function alreadyDonePage(
  status: 'completed' | 'declined',
  leaderName: string,
  isSelf: boolean,
): string {
  if (status === 'declined') {
    return messagePage('You have already declined', [
      `You declined ${isSelf ? 'the self-assessment' : `to give feedback on ${leaderName}`} in this cycle, so there is nothing more to do.`,
    ]);
  }
  return messagePage('You have already answered', [
    `Your ${isSelf ? 'self-assessment' : `feedback on ${leaderName}`} has been received. Answers cannot be changed once they are sent.`,
    `Thank you. You can close this page.`,
  ]);
}

export function linkNotValidPage(): string {
  return messagePage('This link is not valid', [
    `Check that you copied the whole link from your email. If it still does not work, reply to the email that invited you.`,
  ]);
}

export function notOpenPage(message: string): string {
  return messagePage('This questionnaire is not open', [`${message}`]);
}

export function tooManyRequestsPage(): string {
  return messagePage('Please wait a minute', [
    `This link has been used many times in the last minute. Wait a minute, then reload the page. Your saved draft is kept.`,
  ]);
}

/**
 * The database could not be reached and the questionnaire cannot be read: every field the
 * rater sent, kept in the form of one "Try again" button (nothing is lost by pressing it).
 */
export function tryAgainPage(body: unknown): string {
  const fields: { name: string; value: string }[] = [];
  const form = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  for (const [name, value] of Object.entries(form)) {
    if (typeof value === 'string') fields.push({ name, value });
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      for (const [key, inner] of Object.entries(value as Record<string, unknown>))
        if (typeof inner === 'string') fields.push({ name: `${name}[${key}]`, value: inner });
  }
  return renderView('rater/try-again.njk', { fields });
}
