/**
 * Statement formats for GET: `exact` (as stored), `ids` (agents, activities and verbs
 * reduced to what identifies them) and `canonical` (language maps reduced to the one
 * language the client prefers, from Accept-Language).
 */
import type { StatementFormat } from './query-params.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const IFI_FIELDS = ['mbox', 'mbox_sha1sum', 'openid', 'account'];
/** Properties holding language maps, wherever they appear. */
const LANGUAGE_MAP_FIELDS = new Set(['display', 'name', 'description', 'choices', 'scale', 'source', 'target', 'steps']);

export function formatStatement(statement: JsonObject, format: StatementFormat, languages: string[]): JsonObject {
  if (format === 'exact') return statement;
  if (format === 'ids') return idsOnly(statement) as JsonObject;
  return canonical(statement, languages) as JsonObject;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function agentIds(agent: JsonObject): JsonObject {
  const out: JsonObject = {};
  if (agent.objectType) out.objectType = agent.objectType;
  for (const f of IFI_FIELDS) if (agent[f] !== undefined) out[f] = agent[f]!;
  // An anonymous group is known only by its members.
  if (agent.objectType === 'Group' && !IFI_FIELDS.some((f) => agent[f] !== undefined) && Array.isArray(agent.member)) {
    out.member = agent.member.map((m) => agentIds(m as JsonObject));
  }
  return out;
}

function objectIds(obj: JsonObject): JsonObject {
  const type = obj.objectType ?? 'Activity';
  if (type === 'Agent' || type === 'Group') return agentIds(obj);
  if (type === 'Activity') return { id: obj.id! };
  if (type === 'SubStatement') return idsOnly(obj) as JsonObject;
  return obj;
}

function idsOnly(s: JsonObject): Json {
  const out: JsonObject = { ...s };
  if (isObject(s.actor)) out.actor = agentIds(s.actor);
  if (isObject(s.verb)) out.verb = { id: s.verb.id! };
  if (isObject(s.object)) out.object = objectIds(s.object);
  if (isObject(s.authority)) out.authority = agentIds(s.authority);
  if (isObject(s.context)) {
    const ctx: JsonObject = { ...s.context };
    if (isObject(ctx.instructor)) ctx.instructor = agentIds(ctx.instructor);
    if (isObject(ctx.team)) ctx.team = agentIds(ctx.team);
    if (isObject(ctx.contextActivities)) {
      const ca: JsonObject = {};
      for (const [k, list] of Object.entries(ctx.contextActivities)) {
        ca[k] = Array.isArray(list) ? list.map((a) => ({ id: (a as JsonObject).id! })) : list;
      }
      ctx.contextActivities = ca;
    }
    out.context = ctx;
  }
  return out;
}

/** Pick one entry of a language map: the first preferred language present, else the first entry. */
function pickLanguage(map: JsonObject, languages: string[]): JsonObject {
  const keys = Object.keys(map);
  if (keys.length <= 1) return map;
  for (const lang of languages) {
    const exact = keys.find((k) => k.toLowerCase() === lang.toLowerCase());
    if (exact) return { [exact]: map[exact]! };
    const prefix = keys.find((k) => k.toLowerCase().split('-')[0] === lang.toLowerCase().split('-')[0]);
    if (prefix) return { [prefix]: map[prefix]! };
  }
  return { [keys[0]!]: map[keys[0]!]! };
}

function canonical(value: Json, languages: string[], key?: string): Json {
  if (Array.isArray(value)) return value.map((v) => canonical(v, languages));
  if (!isObject(value)) return value;
  if (key && LANGUAGE_MAP_FIELDS.has(key) && Object.values(value).every((v) => typeof v === 'string')) {
    return pickLanguage(value, languages);
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'extensions' ? v : canonical(v, languages, k);
  return out;
}

/** Languages from an Accept-Language header, most preferred first. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag!.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((l) => l.tag && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((l) => l.tag);
}
