/**
 * Import warnings benchmark: a SCORM 1.2 manifest of R resources (each a launch file and
 * an image) where M images are missing from the zip. parseWithWarnings parses the
 * manifest once per missing file (the parser stops at the first one; see
 * server/content/import-warnings.ts), so its time grows with M; this prints by how much.
 *   npm run bench:import-warnings [-- --resources 2000]
 * Last line: {"bench":"import-warnings","resources":R,"parser_ms":N,"rows":[{"missing":M,"ms":N,"warnings":W},...]}
 */
import { parseWithWarnings } from '../server/content/import-warnings.js';
import { parsePackage } from '../server/content/manifest/index.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const resources = arg('resources', 2000);

function manifest(r: number): string {
  const items = Array.from({ length: r }, (_, i) => `<item identifier="i${i}" identifierref="r${i}"><title>Part ${i}</title></item>`).join('');
  const res = Array.from({ length: r }, (_, i) => `<resource identifier="r${i}" type="webcontent" adlcp:scormtype="sco" href="p${i}.html"><file href="p${i}.html"/><file href="img/${i}.png"/></resource>`).join('');
  return `<?xml version="1.0"?><manifest identifier="bench" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata><organizations default="o"><organization identifier="o"><title>Bench</title>${items}</organization></organizations><resources>${res}</resources></manifest>`;
}

const text = manifest(resources);
// Warm-up (JIT), not reported.
await parseWithWarnings(['imsmanifest.xml', ...Array.from({ length: resources }, (_, i) => `p${i}.html`)], async () => text);
// The parser alone on the complete zip: the floor the warnings add to.
const all = ['imsmanifest.xml', ...Array.from({ length: resources }, (_, i) => `p${i}.html`), ...Array.from({ length: resources }, (_, i) => `img/${i}.png`)];
const p0 = process.hrtime.bigint();
await parsePackage(all, async () => text);
const parserMs = Math.round(Number(process.hrtime.bigint() - p0) / 1e5) / 10;
console.log(`${resources} resources, parser alone: ${parserMs} ms`);
const rows: Array<{ missing: number; ms: number; warnings: number }> = [];
for (const missing of [0, 1, 10, 200, 1000]) {
  const entries = ['imsmanifest.xml', ...Array.from({ length: resources }, (_, i) => `p${i}.html`), ...Array.from({ length: resources - missing }, (_, i) => `img/${i + missing}.png`)];
  const t0 = process.hrtime.bigint();
  const { warnings } = await parseWithWarnings(entries, async () => text);
  const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
  rows.push({ missing, ms, warnings: warnings.length });
  console.log(`${resources} resources, ${String(missing).padStart(3)} missing files: ${ms} ms (${warnings.length} warnings)`);
}
console.log(JSON.stringify({ bench: 'import-warnings', manifest_kb: Math.round(text.length / 1024), resources, parser_ms: parserMs, rows }));
