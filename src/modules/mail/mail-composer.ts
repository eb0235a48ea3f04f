import type { OutgoingMail } from './mail-message';

/** Ids only, as every mail job carries. */
export type MailJobData = Record<string, string | number | boolean | null>;

export type Composition = { send: OutgoingMail } | { skip: string };

/**
 * Domain code decides who gets which email (compose); the processor only renders, sends and
 * retries. A composer skips, saying why, when its record changed meanwhile or was already sent.
 */
export interface MailComposer {
  compose(data: MailJobData): Promise<Composition>;
  /** Recorded after the SMTP server accepted the message. */
  markSent(data: MailJobData, messageId: string): Promise<void>;
  /** Recorded when retries are exhausted or the failure is permanent. */
  markFailed(data: MailJobData, lastError: string): Promise<void>;
}
