/** The statement shapes the LRS code handles (validated input is trusted to have them). */
import type { Agent } from '../agents.js';

export type LanguageMap = Record<string, string>;

export interface ActivityDefinition {
  name?: LanguageMap;
  description?: LanguageMap;
  type?: string;
  [key: string]: unknown;
}

export interface Activity {
  objectType?: 'Activity';
  id: string;
  definition?: ActivityDefinition;
}

export interface StatementRef {
  objectType: 'StatementRef';
  id: string;
}

export interface ContextActivities {
  parent?: Activity | Activity[];
  grouping?: Activity | Activity[];
  category?: Activity | Activity[];
  other?: Activity | Activity[];
}

export interface Context {
  registration?: string;
  instructor?: Agent;
  team?: Agent;
  contextActivities?: ContextActivities;
  contextAgents?: Array<{ agent: Agent }>;
  contextGroups?: Array<{ group: Agent }>;
  statement?: StatementRef;
  [key: string]: unknown;
}

export interface Attachment {
  usageType: string;
  display: LanguageMap;
  contentType: string;
  length: number;
  sha2: string;
  fileUrl?: string;
  [key: string]: unknown;
}

export interface SubStatement {
  objectType: 'SubStatement';
  actor: Agent;
  verb: { id: string; display?: LanguageMap };
  object: Activity | Agent | StatementRef;
  context?: Context;
  [key: string]: unknown;
}

export interface Statement {
  id?: string;
  actor: Agent;
  verb: { id: string; display?: LanguageMap };
  object: Activity | Agent | StatementRef | SubStatement;
  result?: Record<string, unknown>;
  context?: Context;
  timestamp?: string;
  stored?: string;
  authority?: Agent;
  version?: string;
  attachments?: Attachment[];
  [key: string]: unknown;
}

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';
