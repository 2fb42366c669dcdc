/**
 * The project's folder (the one holding package.json), found by walking up from this file,
 * so paths to package.json, player/dist and the samples hold both when the server runs
 * from source (server/) and compiled (dist/server/).
 */
import fs from 'node:fs';
import path from 'node:path';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);
