import type { Role } from '../common/access/role';

export interface NavItem {
  text: string;
  href: string;
  /** Shown to a person holding any of these roles; every signed-in person when absent. */
  roles?: Role[];
}

/**
 * The header's navigation, in order. A feature with pages for a role adds its entry here; an
 * item is marked current when the page's path is its href or below it.
 */
export const NAVIGATION: NavItem[] = [
  { text: 'Home', href: '/' },
  { text: 'People', href: '/admin/people', roles: ['admin'] },
  { text: 'Units', href: '/admin/units', roles: ['admin'] },
  { text: 'Cycles', href: '/admin/cycles', roles: ['admin'] },
  { text: 'Frameworks', href: '/admin/frameworks', roles: ['admin'] },
  { text: 'API reference', href: '/docs', roles: ['admin'] },
];

export interface ShownNavItem {
  text: string;
  href: string;
  current: boolean;
}

export function navigationFor(roles: readonly Role[], path: string): ShownNavItem[] {
  const items = NAVIGATION.filter(
    (item) => !item.roles || item.roles.some((r) => roles.includes(r)),
  );
  // The longest matching href is the current one ("/" only on the home page itself).
  const current = items
    .filter((item) =>
      item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`),
    )
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((item) => ({ text: item.text, href: item.href, current: item === current }));
}
