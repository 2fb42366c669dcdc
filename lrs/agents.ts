/**
 * Agents and groups by their Inverse Functional Identifier (IFI). `ifiKey` gives one
 * string per identity, used to index statements and documents by agent. IFIs compare
 * exactly as sent (the specification defines no normalisation).
 */
export interface Account {
  homePage: string;
  name: string;
}

export interface Agent {
  objectType?: 'Agent' | 'Group';
  name?: string;
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: Account;
  member?: Agent[];
}

/** The identity key of an agent or identified group; null for an anonymous group. */
export function ifiKey(agent: Agent): string | null {
  if (agent.mbox) return `mbox:${agent.mbox}`;
  if (agent.mbox_sha1sum) return `mbox_sha1sum:${agent.mbox_sha1sum}`;
  if (agent.openid) return `openid:${agent.openid}`;
  if (agent.account) return `account:${agent.account.homePage}|${agent.account.name}`;
  return null;
}
