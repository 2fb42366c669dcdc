/**
 * Half-written version folders: `extractZip` fills `.v<N>.partial-<random>` next to `v<N>`
 * and removes it on failure, but a killed process cannot. These find and remove them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { partialPrefix } from './zip/index.js';

const PARTIAL = /^\.v\d+\.partial-/;

/** Remove what an earlier attempt at `dest` left: its temporary folders and an unrecorded `dest`. */
export async function removeAttemptLeftovers(dest: string): Promise<void> {
  const prefix = partialPrefix(dest);
  const names = await fs.readdir(path.dirname(dest)).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => fs.rm(path.join(path.dirname(dest), n), { recursive: true, force: true })));
  await fs.rm(dest, { recursive: true, force: true });
}

/**
 * Remove every partial folder under `contentDir` not modified for `olderThanMs`. Not all of
 * them: with a separate worker process, a recent one may be an extraction still running.
 */
export async function sweepAbandonedPartials(contentDir: string, olderThanMs: number, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const packages = await fs.readdir(contentDir, { withFileTypes: true }).catch(() => []);
  for (const pkg of packages) {
    if (!pkg.isDirectory()) continue;
    const dir = path.join(contentDir, pkg.name);
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      if (!PARTIAL.test(name)) continue;
      const full = path.join(dir, name);
      const stat = await fs.stat(full).catch(() => null);
      if (!stat || now - stat.mtimeMs < olderThanMs) continue;
      await fs.rm(full, { recursive: true, force: true });
      removed.push(full);
    }
  }
  return removed;
}
