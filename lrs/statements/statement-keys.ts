/**
 * The values a statement is found by, computed once when it is stored. A statement that
 * references another (StatementRef) also carries its target's keys, because the
 * specification has queries return statements that target a matching statement (a
 * voiding statement turns up in a query by the voided statement's verb).
 */
import { ifiKey, type Agent } from '../agents.js';
import type { Activity, Context, Statement, StatementRef, SubStatement } from './statement-types.js';

/**
 * A statement's query keys in one array (one multikey index serves every filter):
 * `v:` verb, `a:` actor or object agent, `A:` any other agent (related_agents), `x:`
 * object activity, `X:` any other activity (related_activities), `r:` registration.
 */
export type StatementKeys = string[];

export const keyOfVerb = (id: string) => `v:${id}`;
export const keyOfRegistration = (reg: string) => `r:${reg.toLowerCase()}`;
/** Keys that find an agent: as actor/object only, or (related) anywhere. */
export const keysOfAgent = (ifi: string, related: boolean) => (related ? [`a:${ifi}`, `A:${ifi}`] : [`a:${ifi}`]);
export const keysOfActivity = (id: string, related: boolean) => (related ? [`x:${id}`, `X:${id}`] : [`x:${id}`]);

function isAgentLike(o: { objectType?: string }): o is Agent {
  return o.objectType === 'Agent' || o.objectType === 'Group';
}

/** An agent's or group's key; with `members`, also the keys of a group's members. */
function agentKeys(agent: Agent | undefined, out: Set<string>, members = true): void {
  if (!agent) return;
  const key = ifiKey(agent);
  if (key) out.add(key);
  if (!members) return;
  for (const m of agent.member ?? []) {
    const mk = ifiKey(m);
    if (mk) out.add(mk);
  }
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function contextKeys(ctx: Context | undefined, agents: Set<string>, acts: Set<string>, regs: Set<string>): void {
  if (!ctx) return;
  agentKeys(ctx.instructor, agents);
  agentKeys(ctx.team, agents);
  for (const ca of ctx.contextAgents ?? []) agentKeys(ca.agent, agents);
  for (const cg of ctx.contextGroups ?? []) agentKeys(cg.group, agents);
  const c = ctx.contextActivities ?? {};
  for (const list of [c.parent, c.grouping, c.category, c.other]) for (const a of asArray(list)) acts.add(a.id);
  if (ctx.registration) regs.add(ctx.registration.toLowerCase());
}

export function statementKeys(s: Statement, target?: StatementKeys): StatementKeys {
  const agents = new Set<string>();
  const relAgents = new Set<string>();
  const acts = new Set<string>();
  const relActs = new Set<string>();
  const regs = new Set<string>();

  // `agent` matches the actor or object itself; members count only for related_agents.
  agentKeys(s.actor, agents, false);
  agentKeys(s.actor, relAgents);
  const obj = s.object as { objectType?: string };
  if (isAgentLike(obj)) {
    agentKeys(obj, agents, false);
    agentKeys(obj, relAgents);
  } else if (obj.objectType === undefined || obj.objectType === 'Activity') acts.add((obj as Activity).id);
  agentKeys(s.authority, relAgents);
  contextKeys(s.context, relAgents, relActs, regs);
  if (obj.objectType === 'SubStatement') {
    const sub = obj as SubStatement;
    agentKeys(sub.actor, relAgents);
    const subObj = sub.object as { objectType?: string };
    if (isAgentLike(subObj)) agentKeys(subObj, relAgents);
    else if (subObj.objectType === undefined || subObj.objectType === 'Activity') relActs.add((subObj as Activity).id);
    contextKeys(sub.context, relAgents, relActs, new Set());
  }

  const keys = new Set<string>([keyOfVerb(s.verb.id)]);
  for (const a of agents) keys.add(`a:${a}`);
  for (const a of relAgents) if (!agents.has(a)) keys.add(`A:${a}`);
  for (const x of acts) keys.add(`x:${x}`);
  for (const x of relActs) if (!acts.has(x)) keys.add(`X:${x}`);
  for (const r of regs) keys.add(keyOfRegistration(r));
  // A referencing statement is found by its target's keys too.
  for (const k of target ?? []) keys.add(k);
  return [...keys];
}

/** The id of the statement this one references, if its object is a StatementRef. */
export function refTarget(s: Statement): string | undefined {
  const obj = s.object as StatementRef;
  return obj.objectType === 'StatementRef' ? obj.id.toLowerCase() : undefined;
}
