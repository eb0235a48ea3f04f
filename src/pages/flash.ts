import type { Request, Response } from 'express';

/** What the page after a successful POST says happened (the success banner). */
export interface Banner {
  /** The banner's heading, e.g. "Rater added". */
  heading: string;
  /** One more sentence, optional. */
  text?: string;
}

export const FLASH_COOKIE = 'c360_flash';

/**
 * Remembers a banner for the next page (POST → 303 → GET): a short-lived cookie on the path the
 * browser is sent to, read and cleared by that page. It holds only text we wrote ourselves;
 * autoescape shows it as text whatever it holds.
 */
export function setBanner(res: Response, banner: Banner, secure: boolean): void {
  const value = Buffer.from(JSON.stringify(banner), 'utf8').toString('base64url');
  res.cookie(FLASH_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 60_000,
    path: '/',
  });
}

/** The banner left by the previous POST, if any; clears it so a reload does not show it again. */
export function takeBanner(req: Request, res: Response): Banner | null {
  const raw = (req.cookies as Record<string, string> | undefined)?.[FLASH_COOKIE];
  if (!raw) return null;
  res.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as Banner).heading === 'string' &&
      (parsed as Banner).heading.length <= 300
    ) {
      const { heading, text } = parsed as Banner;
      return { heading, text: typeof text === 'string' ? text.slice(0, 1000) : undefined };
    }
  } catch {
    // A cookie we did not write: no banner.
  }
  return null;
}
