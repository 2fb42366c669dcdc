/**
 * Agents Resource rules: the Person object for an Agent. Every property is an array (all
 * five are always present, possibly empty). For now it holds only what the requested
 * Agent says; the statements code may later merge identities it knows belong together.
 */
import type { Account, Agent } from '../agents.js';

export interface Person {
  objectType: 'Person';
  name: string[];
  mbox: string[];
  mbox_sha1sum: string[];
  openid: string[];
  account: Account[];
}

export function personOf(agent: Agent): Person {
  return {
    objectType: 'Person',
    name: agent.name !== undefined ? [agent.name] : [],
    mbox: agent.mbox !== undefined ? [agent.mbox] : [],
    mbox_sha1sum: agent.mbox_sha1sum !== undefined ? [agent.mbox_sha1sum] : [],
    openid: agent.openid !== undefined ? [agent.openid] : [],
    account: agent.account !== undefined ? [{ homePage: agent.account.homePage, name: agent.account.name }] : [],
  };
}
