/**
 * Where a learner came from before opening a course (Home, My learning, a path, the
 * catalogue), so closing the course brings them back there rather than to the course
 * list. Kept per browser tab (sessionStorage), like the history it stands in for.
 */
const KEY = 'lms.returnPlace';

/** Called on every page change; the player itself is never a place to return to. */
export function rememberPlace(hash: string): void {
  if (/^#\/player(\/|$)/.test(hash)) return;
  try {
    sessionStorage.setItem(KEY, hash || '#/home');
  } catch {
    // Storage refused (a privacy mode): closing a course then goes to the fallback.
  }
}

export function returnPlace(fallback: string): string {
  try {
    return sessionStorage.getItem(KEY) ?? fallback;
  } catch {
    return fallback;
  }
}
