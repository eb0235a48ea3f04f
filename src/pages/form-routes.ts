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
  {
    path: '/admin/people/new',
    auth: 'staff',
    fields: ['_csrf', 'name', 'email', 'unitId', 'roles'],
  },
  // multipart/form-data, with `_csrf` before the file
  { path: '/admin/people/import', auth: 'staff', fields: ['_csrf', 'file'] },
  {
    path: '/admin/people/:id',
    auth: 'staff',
    fields: ['_csrf', 'name', 'unitId', 'roles', 'managerEmail'],
  },
  { path: '/admin/units', auth: 'staff', fields: ['_csrf', 'name', 'parentId'] },
  { path: '/admin/units/access', auth: 'staff', fields: ['_csrf', 'unitId', 'coachId'] },
  { path: '/admin/units/:id/access/:personId/remove', auth: 'staff', fields: ['_csrf'] },
  {
    path: '/admin/cycles',
    auth: 'staff',
    fields: [
      '_csrf',
      'name',
      'closingDate',
      'frameworkId',
      'threshold',
      'managerDisclosed',
      'reminderDays',
    ],
  },
  { path: '/admin/cycles/:id/enrol-unit', auth: 'staff', fields: ['_csrf', 'unitId'] },
  { path: '/admin/cycles/:id/enrol', auth: 'staff', fields: ['_csrf', 'leaderId', 'coachId'] },
  { path: '/admin/cycles/:id/open', auth: 'staff', fields: ['_csrf'] },
  { path: '/admin/cycles/:id/remind', auth: 'staff', fields: ['_csrf', 'round'] },
  { path: '/admin/cycles/:id/close', auth: 'staff', fields: ['_csrf'] },
  { path: '/admin/cycles/:id/release', auth: 'staff', fields: ['_csrf'] },
  { path: '/admin/cycles/:id/deliveries/retry', auth: 'staff', fields: ['_csrf'] },
];
