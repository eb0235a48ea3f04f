/** A rendered email, as templates produce it. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** A rendered email with its recipient, ready for the transport. */
export interface OutgoingMail extends RenderedMail {
  to: string;
  /**
   * The unique left part of a deterministic Message-ID (`invite-<uuid>`); the transport makes it
   * `<key@MAIL_FROM's domain>`, so duplicates can be counted and mail systems trust the id.
   */
  messageKey?: string;
  /** Links worth logging in development outbox mode (sign-in links). */
  links?: string[];
}

export interface SentMail {
  messageId: string;
}
