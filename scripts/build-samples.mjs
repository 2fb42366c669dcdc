#!/usr/bin/env node
/**
 * Builds the project's own sample packages: each folder packages-sample/src/<name>/ is
 * zipped into packages-sample/dist/<name>.zip, together with the files of
 * packages-sample/src/_shared/ (the common stylesheet), so every zip is self-contained
 * while the sources keep one copy. A package's own file wins over a shared one.
 *
 * Before zipping, the package's manifest (imsmanifest.xml, cmi5.xml or tincan.xml, at the
 * folder's root) must be well-formed XML (fast-xml-parser's XMLValidator), and every file
 * the manifest names (SCORM <file href>, resource href, cmi5 <url>, tincan <launch>) must
 * exist in the folder. The zips are deterministic: entries sorted by path, a fixed mtime
 * and mode, so rebuilding unchanged sources gives byte-identical zips.
 * Usage: node scripts/build-samples.mjs   (what `npm run samples` runs)
 * Prints one line per package; exits 1 if any package fails.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import yazl from 'yazl';

// The zip's DOS date/time fields are local time: pin the zone so every machine writes the same bytes.
process.env.TZ = 'UTC';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'packages-sample', 'src');
const sharedDir = path.join(srcDir, '_shared');
const distDir = path.join(root, 'packages-sample', 'dist');
const FIXED_MTIME = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
const MANIFESTS = [
  { file: 'imsmanifest.xml', kind: 'scorm' },
  { file: 'cmi5.xml', kind: 'cmi5' },
  { file: 'tincan.xml', kind: 'xapi' },
];

/** All files under dir, as sorted forward-slash paths relative to dir. */
async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else if (entry.isFile()) out.push(rel);
    else throw new Error(`${rel}: only regular files and folders may be packaged`);
  }
  return out.sort();
}

function asArray(v) {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Local files the manifest points at, by kind. Absolute URLs (cmi5 AUs hosted elsewhere) are skipped. */
function referencedFiles(kind, doc) {
  const refs = [];
  const local = (href) => typeof href === 'string' && href !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(href);
  const strip = (href) => decodeURI(href.split(/[?#]/)[0]);
  if (kind === 'scorm') {
    for (const res of asArray(doc.manifest?.resources?.resource)) {
      if (local(res['@_href'])) refs.push(strip(res['@_href']));
      for (const f of asArray(res.file)) if (local(f['@_href'])) refs.push(strip(f['@_href']));
    }
  } else if (kind === 'cmi5') {
    const walk = (node) => {
      for (const au of asArray(node.au)) {
        const url = typeof au.url === 'object' ? au.url['#text'] : au.url;
        if (local(url)) refs.push(strip(String(url).trim()));
      }
      for (const block of asArray(node.block)) walk(block);
    };
    walk(doc.courseStructure ?? {});
  } else {
    for (const act of asArray(doc.tincan?.activities?.activity)) {
      for (const l of asArray(act.launch)) {
        const href = typeof l === 'object' ? l['#text'] : l;
        if (local(href)) refs.push(strip(String(href).trim()));
      }
    }
  }
  return refs;
}

async function buildOne(name, shared) {
  const dir = path.join(srcDir, name);
  const own = await listFiles(dir);
  // Each file's source: the package's own folder, else the shared one.
  const sourceOf = new Map(shared.map((rel) => [rel, path.join(sharedDir, rel)]));
  for (const rel of own) sourceOf.set(rel, path.join(dir, rel));
  const files = [...sourceOf.keys()].sort();
  const found = MANIFESTS.filter((m) => files.includes(m.file));
  if (found.length !== 1) throw new Error(`expected exactly one of ${MANIFESTS.map((m) => m.file).join(', ')} at the root, found ${found.length}`);
  const { file: manifestFile, kind } = found[0];
  const xml = await readFile(path.join(dir, manifestFile), 'utf8');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const e = valid.err;
    throw new Error(`${manifestFile} is not well-formed XML: ${e.msg} (line ${e.line}, column ${e.col})`);
  }
  const doc = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(xml);
  const missing = referencedFiles(kind, doc).filter((ref) => !files.includes(ref));
  if (missing.length) throw new Error(`${manifestFile} names files missing from the package: ${[...new Set(missing)].join(', ')}`);

  const zip = new yazl.ZipFile();
  let bytes = 0;
  for (const rel of files) {
    const data = await readFile(sourceOf.get(rel));
    bytes += data.length;
    zip.addBuffer(data, rel, { mtime: FIXED_MTIME, mode: 0o100644, compress: true });
  }
  zip.end();
  const outPath = path.join(distDir, `${name}.zip`);
  // Written beside and renamed into place: a reader (a test running alongside another that
  // rebuilds the samples) sees the old zip or the new one, never half of one.
  const partPath = `${outPath}.${process.pid}.part`;
  await new Promise((resolve, reject) => {
    const out = createWriteStream(partPath);
    zip.outputStream.on('error', reject).pipe(out).on('error', reject).on('close', resolve);
  });
  await rename(partPath, outPath);
  const size = (await stat(outPath)).size;
  return { kind, manifestFile, files: files.length, bytes, size, outPath };
}

await mkdir(distDir, { recursive: true });
const names = (await readdir(srcDir, { withFileTypes: true }))
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort();
const shared = await listFiles(sharedDir).catch(() => []);
let failed = 0;
for (const name of names) {
  try {
    const r = await buildOne(name, shared);
    console.log(`ok   ${name.padEnd(28)} ${r.kind.padEnd(6)} ${String(r.files).padStart(2)} files  ${String(r.size).padStart(6)} bytes  ${path.relative(root, r.outPath)}`);
  } catch (err) {
    failed += 1;
    console.log(`FAIL ${name.padEnd(28)} ${err instanceof Error ? err.message : String(err)}`);
  }
}
if (names.length === 0) {
  console.log('no packages under packages-sample/src');
  failed = 1;
}
process.exitCode = failed ? 1 : 0;
