/** File names from outside (an upload, a statement's display) made safe to store or put in a ZIP. */
import path from 'node:path';

/** The base name without folders, control characters or quotes, at most 200 characters. */
export function safeFileName(name: string | undefined, fallback = 'evidence'): string {
  const base = path.basename(String(name ?? '').replace(/\\/g, '/'));
  const clean = [...base].filter((ch) => ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) !== 127 && ch !== '"').join('').trim();
  return clean.slice(-200) || fallback;
}
