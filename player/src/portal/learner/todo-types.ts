/** The shape of GET /api/me/todo (server/learner/todo.ts). */
export type TodoKind = 'course' | 'path' | 'policy' | 'activity';

export interface TodoItem {
  kind: TodoKind;
  id: string;
  title: string;
  status: 'not_started' | 'in_progress' | 'overdue' | 'expiring' | 'expired';
  dueAt?: string;
  expiresAt?: string;
  why: string;
  action?: { label: string; view: string; params: string[] };
}

export interface CompletionItem {
  kind: TodoKind;
  id: string;
  title: string;
  completedAt: string;
  expiresAt?: string;
  score?: number;
  statementId?: string;
  version?: number;
}

export interface TodoList {
  items: TodoItem[];
  completions: CompletionItem[];
}
