/** How an SMTP failure should be treated: 5xx replies are permanent, the rest transient. */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The server's reply (or the error), kept on the delivery for admins to read. */
export function describeSmtpFailure(error: unknown): string {
  const e = error as { response?: unknown; message?: unknown };
  const text = typeof e.response === 'string' ? e.response : String(e.message ?? error);
  return text.slice(0, 1000);
}
