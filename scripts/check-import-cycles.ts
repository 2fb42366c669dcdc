/**
 * Fails when production code has an import cycle between folders that is not in
 * scripts/architecture/known-cycles.json. Usage: npm run check:cycles [-- --known]
 * (--known prints the entries that describe today's cycles, to copy into the list after
 * a deliberate change, with a reason in each `why`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cycleProblems, describeEdges, edgeName, fileEdges, folderCycles, folderEdges, type KnownCycle } from './architecture/import-graph.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const knownFile = path.join(root, 'scripts/architecture/known-cycles.json');

const cycles = folderCycles(folderEdges(await fileEdges(root)));
const known = JSON.parse(await readFile(knownFile, 'utf8')) as KnownCycle[];

if (process.argv.includes('--known')) {
  const entries = cycles.map((cycle) => ({
    why: known.find((entry) => cycle.folders.some((folder) => entry.folders.includes(folder)))?.why ?? 'TODO: say why it stays',
    folders: cycle.folders,
    edges: cycle.edges.map(edgeName).sort(),
  }));
  console.log(JSON.stringify(entries, null, 2));
} else {
  for (const cycle of cycles) console.log(`cycle between ${cycle.folders.join(', ')}:\n${describeEdges(cycle.edges)}\n`);
  const problems = cycleProblems(cycles, known);
  for (const problem of problems) console.error(`check-import-cycles: ${problem}`);
  console.log(`check-import-cycles: ${cycles.length} cycle(s) between folders, ${problems.length} problem(s)`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
