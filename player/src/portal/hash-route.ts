/** Hash routes of the portal: `#/path/param/...` (kept apart from views.ts so views can link without importing the registry). */
/** `#/player/abc` -> { path: 'player', params: ['abc'] }; empty hash -> home. */
export function parseHash(hash: string): { path: string; params: string[] } {
  const segments = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { path: segments[0] ?? 'home', params: segments.slice(1) };
}

export function viewHref(path: string, ...params: string[]): string {
  return `#/${[path, ...params].map(encodeURIComponent).join('/')}`;
}
