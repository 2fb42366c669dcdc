/**
 * GET /api/me/todo: the learner's to-do list and completions (server/learner/todo.ts builds
 * it; the portal's to-do list and "My learning" show it).
 */
import { z } from 'zod';

export const todoKindSchema = z.enum(['course', 'path', 'policy', 'activity']);
export type TodoKind = z.infer<typeof todoKindSchema>;

export const todoItemSchema = z.strictObject({
  kind: todoKindSchema,
  /** Package id, path id, policy id or activity IRI. */
  id: z.string(),
  title: z.string(),
  /** A compliance status other than complete (completed work is in `completions`). */
  status: z.enum(['not_started', 'in_progress', 'overdue', 'expiring', 'expired']),
  dueAt: z.string().optional(),
  /** For a renewal: when the completion being renewed expires. */
  expiresAt: z.string().optional(),
  /** Why it is on the list, in words for the learner. */
  why: z.string(),
  /** What the learner does next; absent for work done elsewhere (an external activity). */
  action: z.strictObject({ label: z.string(), view: z.string(), params: z.array(z.string()) }).optional(),
});
export type TodoItem = z.infer<typeof todoItemSchema>;

export const completionItemSchema = z.strictObject({
  kind: todoKindSchema,
  id: z.string(),
  title: z.string(),
  completedAt: z.string(),
  expiresAt: z.string().optional(),
  score: z.number().optional(),
  /** The statement that records it (for the certificate and the audit trail). */
  statementId: z.string().optional(),
  version: z.number().optional(),
});
export type CompletionItem = z.infer<typeof completionItemSchema>;

export const todoListSchema = z.strictObject({
  items: z.array(todoItemSchema),
  completions: z.array(completionItemSchema),
});
export type TodoList = z.infer<typeof todoListSchema>;
