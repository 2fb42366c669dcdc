/** The roles a person can hold; every route states which it requires. */
export const ROLES = ['employee', 'manager', 'hr', 'author', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether having direct reports gives someone the manager view ('auto') or not ('never'). */
export const MANAGER_ROLES = ['auto', 'never'] as const;
export type ManagerRole = (typeof MANAGER_ROLES)[number];
