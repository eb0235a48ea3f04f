import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Browser features the service never uses, denied to every page (and to anything a page might
 * embed). An empty allow-list `()` switches a feature off.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * The headers every response carries: the whole OWASP Secure Headers list but Clear-Site-Data,
 * which only sign-out sends. No page of the service is meant to be framed (no embed,
 * no widget), so framing is refused outright: `frame-ancestors 'none'` and, for older browsers,
 * `X-Frame-Options: DENY`.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler[] {
  return [
    helmet({
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      // Every script, style, font and image comes from this service (a browser test checks that
      // no request leaves the site), so a page may refuse anything cross-origin outright.
      crossOriginEmbedderPolicy: { policy: 'require-corp' },
      contentSecurityPolicy: {
        directives: {
          frameAncestors: ["'none'"],
          // On a plain-http host, upgrading form posts to https would break sign-in and rater pages.
          upgradeInsecureRequests: options.https ? [] : null,
        },
      },
    }),
    permissionsPolicy,
    noStoreByDefault,
  ];
}

function permissionsPolicy(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  next();
}

/**
 * Personal data must not be kept by browsers or proxies: every response is `no-store` unless a
 * handler says otherwise (the design system's static files set their own long cache).
 */
function noStoreByDefault(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * What a browser must forget on sign-out: cookies and storage (not the HTTP cache of the design
 * system's files, which holds nothing personal).
 */
export const CLEAR_SITE_DATA_ON_SIGN_OUT = '"cookies", "storage"';
