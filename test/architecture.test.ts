/**
 * The import graph between folders (scripts/architecture/import-graph.ts): the tree has no
 * cycle between folders beyond the known ones, and the checker itself finds what it should.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import {
  cycleProblems,
  fileEdges,
  folderCycles,
  folderEdges,
  folderOf,
  type FileEdge,
  type KnownCycle,
} from '../scripts/architecture/import-graph.js';
import { tempDir } from './helpers/temp-dir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const edge = (from: string, to: string, kind: FileEdge['kind'] = 'runtime'): FileEdge => ({ from, to, kind });

test('the tree has no import cycle between folders beyond the known ones', async (t) => {
  const known = JSON.parse(await readFile(path.join(root, 'scripts/architecture/known-cycles.json'), 'utf8')) as KnownCycle[];
  const cycles = folderCycles(folderEdges(await fileEdges(root)));
  t.deepEqual(cycleProblems(cycles, known), []);
});

test('the graph of the tree reaches from the server entry into the LRS and keeps type-only imports', async (t) => {
  const edges = await fileEdges(root);
  t.true(edges.some((e) => e.from === 'server/runtime.ts' && e.to === 'lrs/index.ts' && e.kind === 'runtime'));
  // user-type.ts only augments Express's user type from people's User: a type-only import.
  t.true(edges.some((e) => e.from === 'server/auth/user-type.ts' && e.to === 'server/people/user-service.ts' && e.kind === 'type'));
  // Tests are not production code: they may import the whole app beside their domain.
  t.false(edges.some((e) => e.from.endsWith('.test.ts') || e.from.startsWith('test/')));
});

test('a file belongs to its domain folder; files lying in a root are units of their own', (t) => {
  t.is(folderOf('server/compliance/status.ts'), 'server/compliance');
  t.is(folderOf('server/reports/stats/correlation.ts'), 'server/reports');
  t.is(folderOf('server/runtime.ts'), 'server/runtime.ts');
  t.is(folderOf('lrs/statements/validate.ts'), 'lrs/statements');
  t.is(folderOf('player/src/portal/hr/lms-people.ts'), 'player/src/portal/hr');
  t.is(folderOf('player/src/portal/views.ts'), 'player/src/portal/views.ts');
  t.is(folderOf('player/src/player/lms-player.ts'), 'player/src/player');
  t.is(folderOf('shared/contract/todo.ts'), 'shared/contract');
});

test('a cycle between two domain folders is found, with the file imports that close it', (t) => {
  const edges = folderEdges([
    edge('server/compliance/a.ts', 'server/paths/b.ts'),
    edge('server/paths/b.ts', 'server/paths/c.ts'),
    edge('server/paths/c.ts', 'server/compliance/d.ts', 'type'),
    edge('server/paths/c.ts', 'server/store/types.ts'),
  ]);
  const cycles = folderCycles(edges);
  t.deepEqual(
    cycles.map((c) => c.folders),
    [['server/compliance', 'server/paths']],
  );
  t.deepEqual(cycles[0]?.edges.flatMap((e) => e.files), [edge('server/compliance/a.ts', 'server/paths/b.ts'), edge('server/paths/c.ts', 'server/compliance/d.ts', 'type')]);
  t.deepEqual(folderCycles(folderEdges([edge('server/a/x.ts', 'server/b/y.ts'), edge('server/b/y.ts', 'server/c/z.ts')])), []);
});

test('known cycles excuse only themselves: a new cycle, a new import inside one, or a stale entry is a problem', (t) => {
  const known: KnownCycle[] = [{ why: 'test', folders: ['server/a', 'server/b'], edges: ['server/a -> server/b', 'server/b -> server/a'] }];
  const base = [edge('server/a/x.ts', 'server/b/y.ts'), edge('server/b/y.ts', 'server/a/x.ts')];
  t.deepEqual(cycleProblems(folderCycles(folderEdges(base)), known), []);

  const joined = cycleProblems(folderCycles(folderEdges([...base, edge('server/b/y.ts', 'server/c/z.ts'), edge('server/c/z.ts', 'server/a/x.ts')])), known);
  t.true(joined.some((p) => p.startsWith('new cycle') && p.includes('new in it: server/c')));

  const fresh = cycleProblems(folderCycles(folderEdges([...base, edge('server/d/x.ts', 'server/e/y.ts'), edge('server/e/y.ts', 'server/d/x.ts')])), known);
  t.true(fresh.some((p) => p.startsWith('new cycle between server/d, server/e')));

  const three: KnownCycle[] = [{ why: 'test', folders: ['server/a', 'server/b', 'server/c'], edges: ['server/a -> server/b', 'server/b -> server/c', 'server/c -> server/a'] }];
  const deeper = cycleProblems(
    folderCycles(folderEdges([edge('server/a/x.ts', 'server/b/y.ts'), edge('server/b/y.ts', 'server/c/z.ts'), edge('server/c/z.ts', 'server/a/x.ts'), edge('server/b/y.ts', 'server/a/x.ts')])),
    three,
  );
  t.deepEqual(deeper, ['new import inside a known cycle:\n  server/b -> server/a: server/b/y.ts -> server/a/x.ts']);

  const stale = cycleProblems(folderCycles(folderEdges([edge('server/a/x.ts', 'server/b/y.ts')])), known);
  t.deepEqual(stale, ['no longer part of a cycle, remove from the known cycles: server/a; server/b; server/a -> server/b; server/b -> server/a']);
});

test('the graph is read from the sources: a type-only import that closes a cycle counts', async (t) => {
  const dir = tempDir('import-graph-');
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  };
  await write('server/main.ts', "import { run } from './jobs/run.js';\nrun();\n");
  await write('server/jobs/run.ts', "import { importJob } from '../content/import-job.js';\nexport const run = () => importJob();\n");
  await write('server/content/import-job.ts', "import type {\n  JobQueue,\n} from '../jobs/types.js';\nexport const importJob = (q?: JobQueue) => q;\n");
  await write('server/jobs/types.ts', 'export interface JobQueue { name: string }\n');
  const edges = await fileEdges(dir, ['server/main.ts']);
  t.true(edges.some((e) => e.from === 'server/content/import-job.ts' && e.to === 'server/jobs/types.ts' && e.kind === 'type'));
  t.deepEqual(
    folderCycles(folderEdges(edges)).map((c) => c.folders),
    [['server/content', 'server/jobs']],
  );
});
