/**
 * The import graph of the tree, folded to folders, and the cycles between those folders.
 *
 * Why esbuild and not dependency-cruiser: dependency-cruiser reads TypeScript through the
 * `typescript` compiler API, which TypeScript 7 (this project's compiler) no longer ships, so it
 * sees no .ts file at all. esbuild parses the same files in half a second; a small plugin turns
 * `import type` / `export type ... from` into bare imports before it parses, so type-only
 * dependencies count as edges too (esbuild would otherwise erase them) and are labelled as such.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * Where production code starts: the server, the worker, the command-line tools and the browser
 * bundles (scripts/build-player.mjs). The graph holds what these reach, so tests and test support
 * (which may import the whole app beside the domain they test) are not part of it.
 */
export const productionEntries = [
  'server/main.ts',
  'server/worker.ts',
  'server/cli/*.ts',
  'player/src/portal/index.ts',
  'player/src/player/scorm-bridge.ts',
] as const;

export type EdgeKind = 'runtime' | 'type';

/** One import between two files; `kind` is `type` when the file imports the other for types only. */
export interface FileEdge {
  from: string;
  to: string;
  kind: EdgeKind;
}

/** A folder-level dependency with the file imports that make it, for the message that names them. */
export interface FolderEdge {
  from: string;
  to: string;
  files: FileEdge[];
}

/** A set of folders that reach each other through imports (a strongly connected component). */
export interface FolderCycle {
  folders: string[];
  edges: FolderEdge[];
}

/**
 * The unit a file belongs to. A folder counts where a domain lives: `server/<domain>`,
 * `lrs/<part>`, `player/src/player`, `player/src/portal/<area>`, `shared/<part>`, `test/<part>`.
 * Files lying directly in such a root (server/runtime.ts, server/config.ts, portal/api.ts) are
 * units of their own: startup wiring may import every domain, and every domain may import a
 * leaf such as config.ts, without either making a cycle.
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  const rootDepth = parts[0] === 'player' ? (parts[2] === 'portal' ? 3 : 2) : 1;
  if (parts.length <= rootDepth + 1) return file; // a file directly in the root
  return parts.slice(0, rootDepth + 1).join('/');
}

const typeImport = /\b(?:import|export)\s+type\s+(?:\{[^}]*\}|\*\s+as\s+\w+|\w+)\s+from\s*(['"][^'"]+['"])/g;

/** Rewrites type-only imports to bare imports so esbuild keeps them; remembers which they were. */
function keepTypeImports(root: string, typeSpecifiers: Map<string, Set<string>>): Plugin {
  return {
    name: 'keep-type-imports',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const specifiers = new Set<string>();
        const contents = source.replace(typeImport, (_statement, quoted: string) => {
          specifiers.add(quoted.slice(1, -1));
          return `import ${quoted}`;
        });
        typeSpecifiers.set(path.relative(root, args.path), specifiers);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** The entry files, with `dir/*.ts` meaning every non-test .ts file directly in dir. */
async function entryFiles(root: string, entries: readonly string[]): Promise<string[]> {
  const files = await Promise.all(
    entries.map(async (entry) => {
      if (!entry.endsWith('/*.ts')) return [path.join(root, entry)];
      const dir = path.join(root, entry.slice(0, -'/*.ts'.length));
      const names = await readdir(dir);
      return names.filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).map((name) => path.join(dir, name));
    }),
  );
  return files.flat();
}

/** Every import between two of the repository's own files that the entries reach. */
export async function fileEdges(root: string, entries: readonly string[] = productionEntries): Promise<FileEdge[]> {
  const files = await entryFiles(root, entries);
  const typeSpecifiers = new Map<string, Set<string>>();
  const result = await build({
    absWorkingDir: root,
    stdin: {
      contents: files.map((file) => `import ${JSON.stringify(`./${path.relative(root, file)}`)};`).join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    outfile: path.join(root, 'import-graph.out.js'),
    treeShaking: false,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
    tsconfigRaw: await readFile(path.join(root, 'tsconfig.json'), 'utf8').catch(() => '{}'),
    plugins: [keepTypeImports(root, typeSpecifiers)],
  });
  const edges = new Map<string, FileEdge>();
  for (const [from, input] of Object.entries(result.metafile.inputs)) {
    if (from.startsWith('<stdin>')) continue;
    for (const imported of input.imports) {
      if (imported.external || imported.path.startsWith('<')) continue;
      const kind: EdgeKind = typeSpecifiers.get(from)?.has(imported.original ?? '') ? 'type' : 'runtime';
      const key = `${from}\0${imported.path}`;
      // A file imported both for types and at run time is a runtime edge.
      if (edges.get(key)?.kind !== 'runtime') edges.set(key, { from, to: imported.path, kind });
    }
  }
  return [...edges.values()];
}

/** Folds file edges to folder edges, dropping imports inside one folder. */
export function folderEdges(edges: FileEdge[], unitOf: (file: string) => string = folderOf): FolderEdge[] {
  const folded = new Map<string, FolderEdge>();
  for (const edge of edges) {
    const from = unitOf(edge.from);
    const to = unitOf(edge.to);
    if (from === to) continue;
    const key = `${from}\0${to}`;
    const folder = folded.get(key) ?? { from, to, files: [] };
    folder.files.push(edge);
    folded.set(key, folder);
  }
  return [...folded.values()];
}

/** The strongly connected components of more than one folder (Tarjan), each with its inner edges. */
export function folderCycles(edges: FolderEdge[]): FolderCycle[] {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) as number, index.get(target) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components
    .map((folders) => ({
      folders,
      edges: edges.filter((edge) => folders.includes(edge.from) && folders.includes(edge.to)),
    }))
    .sort((a, b) => a.folders.join().localeCompare(b.folders.join()));
}

/**
 * A cycle the tree still has and that the project has agreed to remove later. `edges` are the
 * folder imports inside it ("from -> to"), so a new import that deepens a known cycle fails too.
 */
export interface KnownCycle {
  why: string;
  folders: string[];
  edges: string[];
}

export const edgeName = (edge: { from: string; to: string }): string => `${edge.from} -> ${edge.to}`;

/**
 * What is wrong with the tree's cycles against the known ones: a new cycle, a folder or import
 * newly inside a known one, or a known entry naming what is no longer cyclic (shrink the list as
 * cycles go, so it never hides a new one). Empty when all is well.
 */
export function cycleProblems(cycles: FolderCycle[], known: KnownCycle[]): string[] {
  const problems: string[] = [];
  const seenFolders = new Set<string>();
  const seenEdges = new Set<string>();
  for (const cycle of cycles) {
    const entry = known.find((candidate) => cycle.folders.some((folder) => candidate.folders.includes(folder)));
    const newFolders = cycle.folders.filter((folder) => !entry?.folders.includes(folder));
    if (!entry || newFolders.length > 0) {
      problems.push(`new cycle between ${cycle.folders.join(', ')}${entry ? ` (new in it: ${newFolders.join(', ')})` : ''}:\n${describeEdges(cycle.edges)}`);
      continue;
    }
    for (const folder of cycle.folders) seenFolders.add(folder);
    for (const edge of cycle.edges) {
      seenEdges.add(edgeName(edge));
      if (!entry.edges.includes(edgeName(edge))) problems.push(`new import inside a known cycle:\n${describeEdges([edge])}`);
    }
  }
  for (const entry of known) {
    const gone = [...entry.folders.filter((folder) => !seenFolders.has(folder)), ...entry.edges.filter((edge) => !seenEdges.has(edge))];
    if (gone.length > 0) problems.push(`no longer part of a cycle, remove from the known cycles: ${gone.join('; ')}`);
  }
  return problems;
}

/** One line per folder import, naming the file imports that make it. */
export function describeEdges(edges: FolderEdge[]): string {
  return edges
    .map((edge) => {
      const files = edge.files.map((file) => `${file.from} -> ${file.to}${file.kind === 'type' ? ' (type)' : ''}`);
      return `  ${edgeName(edge)}: ${files.join(', ')}`;
    })
    .join('\n');
}
