/** xAPI authorization scopes an LRS client may hold (xAPI 1.0.3 §4.2, OAuth scope names). */
export const SCOPES = [
  'statements/write',
  'statements/read',
  'statements/read/mine',
  'state',
  'define',
  'profile',
  'all/read',
  'all',
] as const;
export type Scope = (typeof SCOPES)[number];

/** What a request needs; `all` grants everything, `all/read` every read. */
export type Access = 'statements/write' | 'statements/read' | 'state' | 'profile' | 'activities/read' | 'agents/read';

export function allows(scopes: readonly Scope[], access: Access, method: string): boolean {
  if (scopes.includes('all')) return true;
  const isRead = method === 'GET' || method === 'HEAD';
  if (isRead && scopes.includes('all/read')) return true;
  switch (access) {
    case 'statements/write':
      return scopes.includes('statements/write');
    case 'statements/read':
      // read/mine is enforced further by filtering on the client's authority.
      return scopes.includes('statements/read') || scopes.includes('statements/read/mine');
    case 'state':
      return scopes.includes('state');
    case 'profile':
      return scopes.includes('profile');
    case 'activities/read':
    case 'agents/read':
      return isRead && (scopes.includes('profile') || scopes.includes('define') || scopes.includes('statements/read'));
  }
}

/** True when the client may read only statements it wrote itself. */
export function readsOnlyOwn(scopes: readonly Scope[]): boolean {
  return !scopes.some((s) => s === 'all' || s === 'all/read' || s === 'statements/read') && scopes.includes('statements/read/mine');
}
