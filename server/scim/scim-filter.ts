/**
 * SCIM filters (RFC 7644 §3.4.2.2), parsed and evaluated by scim-query-filter-parser.
 * Around the library: schema URN prefixes are taken off attribute paths (its grammar does
 * not accept them; resources are evaluated with the enterprise attributes at top level),
 * every attribute named must be one the resource has (else 400 invalidFilter, not a silent
 * empty list), and a lone `attr eq "value"` (what Okta and Entra send) is recognised so the
 * caller can look it up by index instead of scanning everyone.
 */
import { compileFilter, parseAttributePath } from 'scim-query-filter-parser';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './scim-schemas.js';
import { ScimError } from './scim-errors.js';

export interface CompiledFilter {
  matches(resource: Record<string, unknown>): boolean;
  /** Set when the whole filter is one `attr eq "string"`: the attribute (lower case, dotted) and value. */
  equality?: { attribute: string; value: string };
}

const MAX_FILTER = 2000;
const STRING = /"(?:[^"\\]|\\.)*"/g;
const URN_PREFIXES = [ENTERPRISE_SCHEMA, USER_SCHEMA, GROUP_SCHEMA].map((urn) => new RegExp(urn.replace(/[.:]/g, (c) => `\\${c}`) + ':', 'gi'));
/** An attribute path just before an operator or a `[` (strings already blanked out). */
const ATTRIBUTE_BEFORE_OPERATOR = /([A-Za-z$][\w$.-]*)\s*(?=\[|\s+(?:eq|ne|co|sw|ew|gt|lt|ge|le|pr)\b)/gi;
const LONE_EQUALITY = /^\s*([A-Za-z][\w.]*)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i;
/** `emails[type eq "work"].value eq "x"`: a sub-attribute after a value filter (see below). */
const SUB_AFTER_VALUE_FILTER = /([A-Za-z]\w*)\[([^\]]+)\]\.([A-Za-z]\w*)\s+(eq|ne|co|sw|ew|gt|lt|ge|le)\s+("(?:[^"\\]|\\.)*"|true|false|null|-?\d[\d.eE+-]*)/gi;
/** The same with only an email value to find: served by the email index. */
const LONE_WORK_EMAIL = /^\s*emails\[\s*type\s+eq\s+"[^"]*"\s+and\s+value\s+eq\s+("(?:[^"\\]|\\.)*")\s*\]\s*$/i;

/** Apply `fn` to the parts of a filter outside string literals. */
function outsideStrings(filter: string, fn: (part: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of filter.matchAll(STRING)) {
    out += fn(filter.slice(last, m.index)) + m[0];
    last = m.index! + m[0].length;
  }
  return out + fn(filter.slice(last));
}

export function compileScimFilter(filter: string, known: Set<string>): CompiledFilter {
  if (filter.length > MAX_FILTER) throw new ScimError(400, `filter: longer than ${MAX_FILTER} characters`, 'invalidFilter');
  // Entra matches on `emails[type eq "work"].value eq "x"`, which neither RFC 7644's filter
  // grammar nor the library's has; it means `emails[type eq "work" and value eq "x"]`.
  const bare = outsideStrings(filter, (part) => URN_PREFIXES.reduce((p, re) => p.replace(re, ''), part)).replace(SUB_AFTER_VALUE_FILTER, '$1[$2 and $3 $4 $5]');
  let predicate: (data: unknown) => boolean;
  try {
    predicate = compileFilter(bare);
  } catch {
    throw new ScimError(400, `filter: "${filter}" is not a filter this server can parse (RFC 7644 §3.4.2.2; e.g. userName eq "ada@example.com")`, 'invalidFilter');
  }
  const skeleton = bare.replace(STRING, '""');
  for (const m of skeleton.matchAll(ATTRIBUTE_BEFORE_OPERATOR)) {
    let segments: string[];
    try {
      segments = parseAttributePath(m[1]!);
    } catch {
      throw new ScimError(400, `filter: "${m[1]}" is not an attribute path`, 'invalidFilter');
    }
    const unknown = segments.find((seg) => !known.has(seg.toLowerCase()));
    if (unknown) throw new ScimError(400, `filter: the attribute "${m[1]}" is not one this resource has`, 'invalidFilter');
  }
  const lone = LONE_EQUALITY.exec(bare);
  const workEmail = LONE_WORK_EMAIL.exec(bare);
  const equality = lone ? { attribute: lone[1]!.toLowerCase(), value: JSON.parse(lone[2]!) as string } : workEmail ? { attribute: 'emails.value', value: JSON.parse(workEmail[1]!) as string } : undefined;
  return { matches: (r) => predicate(r), ...(equality ? { equality } : {}) };
}
