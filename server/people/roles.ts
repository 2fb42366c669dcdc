/** The roles a person can hold; every route states which it requires. */
export const ROLES = ['employee', 'manager', 'hr', 'author', 'admin'] as const;
export type Role = (typeof ROLES)[number];
