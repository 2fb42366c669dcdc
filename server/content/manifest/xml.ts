import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ContentValidationError } from './errors.js';

/** A namespace-resolved element: `local` is the name without prefix, `ns` its namespace URI. */
export interface XNode {
  readonly qname: string;
  readonly local: string;
  readonly ns: string;
  /** attributes by qualified name, as written */
  readonly attrs: Readonly<Record<string, string>>;
  /** attributes by `{nsUri}local` (unprefixed attributes: just `local`) */
  readonly nsAttrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  /** concatenated direct text (and CDATA), trimmed */
  readonly text: string;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

type Raw = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function split(qname: string): [string | undefined, string] {
  const i = qname.indexOf(':');
  return i < 0 ? [undefined, qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function build(tag: string, raw: Raw, scope: ReadonlyMap<string, string>): XNode {
  const attrs: Record<string, string> = {};
  const rawAttrs = (raw[':@'] ?? {}) as Record<string, unknown>;
  let inner: Map<string, string> | undefined;
  for (const [k, v] of Object.entries(rawAttrs)) {
    const value = String(v);
    attrs[k] = value;
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      inner ??= new Map(scope);
      inner.set(k === 'xmlns' ? '' : k.slice(6), value);
    }
  }
  const ns = inner ?? scope;
  const nsAttrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const [p, l] = split(k);
    if (p === undefined) nsAttrs[l] = v;
    else nsAttrs[`{${p === 'xml' ? XML_NS : (ns.get(p) ?? p)}}${l}`] = v;
  }
  const [prefix, local] = split(tag);
  const children: XNode[] = [];
  let text = '';
  for (const c of (raw[tag] ?? []) as Raw[]) {
    const key = Object.keys(c).find((k) => k !== ':@');
    if (key === undefined) continue;
    if (key === '#text') text += String(c[key]);
    else children.push(build(key, c, ns));
  }
  return { qname: tag, local, ns: ns.get(prefix ?? '') ?? '', attrs, nsAttrs, children, text: text.trim() };
}

/**
 * Parses XML text into an element tree, or throws `manifest_malformed` naming `entry`
 * and the parser's line and column.
 */
export function parseXml(text: string, entry: string): XNode {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const v = XMLValidator.validate(src);
  if (v !== true) {
    const { msg, line, col } = v.err;
    throw new ContentValidationError('manifest_malformed', entry, `${entry} is not well-formed XML: ${msg} (line ${line}, column ${col})`);
  }
  let doc: Raw[];
  try {
    doc = parser.parse(src) as Raw[];
  } catch (e) {
    throw new ContentValidationError('manifest_malformed', entry, `${entry} is not well-formed XML: ${(e as Error).message}`);
  }
  const roots = doc
    .map((r) => [Object.keys(r).find((k) => k !== ':@'), r] as const)
    .filter((p): p is readonly [string, Raw] => p[0] !== undefined && p[0] !== '#text' && !p[0].startsWith('?'));
  if (roots.length !== 1) {
    throw new ContentValidationError('manifest_malformed', entry, `${entry} must have exactly one root element, found ${roots.length}`);
  }
  const [tag, raw] = roots[0]!;
  return build(tag, raw, new Map([['xml', XML_NS]]));
}

/** Direct children with the given local name (any namespace). */
export function kids(node: XNode | undefined, local: string): XNode[] {
  return node ? node.children.filter((c) => c.local === local) : [];
}

export function kid(node: XNode | undefined, local: string): XNode | undefined {
  return node?.children.find((c) => c.local === local);
}

/** Attribute by local name, whatever its prefix (unprefixed first); `xml:base` is `attr(n, 'base', XML)`. */
export function attr(node: XNode | undefined, local: string, nsUri?: string): string | undefined {
  if (!node) return undefined;
  if (nsUri !== undefined) return node.nsAttrs[`{${nsUri}}${local}`];
  if (local in node.nsAttrs) return node.nsAttrs[local];
  for (const [k, v] of Object.entries(node.nsAttrs)) {
    if (k.startsWith('{') && k.slice(k.indexOf('}') + 1) === local) return v;
  }
  return undefined;
}

/** Attribute matched case-insensitively on the local name (SCORM 1.2 vs 2004 spellings). */
export function attrCI(node: XNode | undefined, local: string): string | undefined {
  if (!node) return undefined;
  const want = local.toLowerCase();
  for (const [k, v] of Object.entries(node.nsAttrs)) {
    const l = k.startsWith('{') ? k.slice(k.indexOf('}') + 1) : k;
    if (l.toLowerCase() === want) return v;
  }
  return undefined;
}

export function xmlBase(node: XNode | undefined): string | undefined {
  return attr(node, 'base', XML_NS);
}

/** Every namespace URI used by an element or attribute anywhere in the tree. */
export function namespacesUsed(node: XNode, into = new Set<string>()): Set<string> {
  if (node.ns) into.add(node.ns);
  for (const k of Object.keys(node.nsAttrs)) if (k.startsWith('{')) into.add(k.slice(1, k.indexOf('}')));
  for (const c of node.children) namespacesUsed(c, into);
  return into;
}
