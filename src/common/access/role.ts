/** What a person may do: every feature checks these, and people are given them by an admin. */
export const ROLES = ['admin', 'coach', 'leader'] as const;
export type Role = (typeof ROLES)[number];
