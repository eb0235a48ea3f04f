/**
 * Every HTML form route (a POST from a page), with the fields its form sends. Kept beside the
 * pages so that a route added with a page is added here too; the robustness tests post
 * malformed bodies to each and expect a page or a 4xx, never a 500.
 *   auth: 'staff'  needs the session cookie and the `_csrf` field
 *         'public' needs the `_csrf` field only (the cookie is set by the page's GET)
 *         'rater'  the token in the path is the credential (no cookie, no CSRF token)
 */
export interface FormRoute {
  path: string;
  auth: 'staff' | 'public' | 'rater';
  fields: string[];
}

export const HTML_FORM_ROUTES: FormRoute[] = [
  { path: '/sign-in/link', auth: 'public', fields: ['_csrf', 'email', 'next'] },
  { path: '/sign-in', auth: 'public', fields: ['_csrf', 'token', 'next'] },
  { path: '/sign-in/out', auth: 'public', fields: ['_csrf'] },
  {
    path: '/r/:token',
    auth: 'rater',
    fields: ['action', 'answers[<itemKey>]', 'comments[<questionKey>]'],
  },
];
