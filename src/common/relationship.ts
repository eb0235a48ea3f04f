/** How a rater knows the leader. Every module that speaks of raters uses these words. */
export const RELATIONSHIPS = ['self', 'manager', 'peer', 'direct_report', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
/** Every relationship except `self`, in the order reports list them. */
export const OTHER_RELATIONSHIPS = ['manager', 'peer', 'direct_report', 'other'] as const;
export type OtherRelationship = (typeof OTHER_RELATIONSHIPS)[number];
