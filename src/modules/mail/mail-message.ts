/** A rendered email, as templates produce it. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** A rendered email with its recipient, ready for the transport. */
export interface OutgoingMail extends RenderedMail {
  to: string;
  /** Deterministic Message-ID (without brackets' domain part), so duplicates can be counted. */
  messageId?: string;
  /** Links worth logging in development outbox mode (sign-in links). */
  links?: string[];
}

export interface SentMail {
  messageId: string;
}
