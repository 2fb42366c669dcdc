/**
 * The assignments + compliance domain as one object the runtime holds: rule CRUD, the
 * re-evaluation (full or per person), the completion facts projection, and the
 * materialised `compliance_status` collection.
 */
import type { RecordReader } from '../../lrs/index.js';
import { assignmentsForPerson, openAssignmentCollections, type AssignmentCollections } from '../assignments/assignment-store.js';
import type { AssignmentDoc } from '../assignments/assignment-types.js';
import { createRuleService, type RuleService } from '../assignments/rule-service.js';
import type { Clock } from '../clock.js';
import { createOrgService } from '../org/org-service.js';
import { ReportingTree } from '../org/person-facts.js';
import type { UserModel } from '../people/user-model.js';
import type { StoreCollection, StoreDb } from '../store/types.js';
import { openLeases } from '../store/lease.js';
import { openCompletionFacts, type CompletionFacts } from './completion-facts.js';
import { targetExists } from './target-exists.js';
import type { CompletionAuthority } from '../learning-record/completion-authority.js';
import { evaluateCompliance, openStatusCollection, type EvaluationReport } from './compliance-evaluator.js';
import type { ComplianceStatusDoc } from './compliance-types.js';
import type { NotificationService } from '../notifications/notification-service.js';
import { notifyAssigned } from './assignment-notices.js';
import { openEmailTemplates, type EmailTemplates } from '../notifications/email-templates.js';
import { openReminders, scanReminders, type ReminderConfig, type ReminderDoc, type ReminderRun } from './reminders.js';

export interface Compliance {
  cols: AssignmentCollections;
  statuses: StoreCollection<ComplianceStatusDoc>;
  facts: CompletionFacts;
  rules: RuleService;
  /** A person's assignments (active ones; with includeInactive, the history too), for "My learning". */
  assignmentsForPerson(personId: string, opts?: { includeInactive?: boolean }): Promise<AssignmentDoc[]>;
  /** Re-evaluate everyone, or these people. */
  evaluate(personIds?: string[]): Promise<EvaluationReport>;
  /** After a person's data changed: them, and (when their manager changed) everyone below them. */
  evaluateChanged(personIds: string[], managerChanged: boolean): Promise<EvaluationReport>;
  /** Drop the completion facts and read the LRS from zero, then re-evaluate everyone. */
  rebuild(): Promise<EvaluationReport>;
  reminders: StoreCollection<ReminderDoc>;
  /** HR's words for the reminder emails (the Email templates screen edits them). */
  emailTemplates: EmailTemplates;
  /** Send the reminders and escalations due now (run after an evaluation). */
  scanReminders(): Promise<ReminderRun>;
  /**
   * Tells people of assignments made outside a rule evaluation (HR's enrolments in a path or
   * policy, catalogue self-enrolments): the same in-app notice and assignment email, once per
   * assignment id whatever repeats.
   */
  announce(assignments: AssignmentDoc[]): Promise<void>;
  /** Set by the runtime: how a rule change asks for re-evaluation (a job). */
  requestEvaluation: () => Promise<void>;
}

export interface ComplianceDeps {
  db: StoreDb;
  users: UserModel;
  records: RecordReader;
  homePage: string;
  clock: Clock;
  notifications: NotificationService;
  reminderConfig: ReminderConfig;
  /** Who may assert a completion (the one place that decides). */
  authority: CompletionAuthority;
  /** An assignment email that could not be sent (kept for the reminder scan to retry; the in-app notice stands). */
  onMailError?: (err: unknown, assignmentId: string) => void;
}

export async function openCompliance(deps: ComplianceDeps): Promise<Compliance> {
  const cols = await openAssignmentCollections(deps.db);
  const statuses = await openStatusCollection(deps.db);
  const facts = await openCompletionFacts(deps.db, deps.records, deps.homePage, deps.authority);
  const reminders = await openReminders(deps.db);
  const templates = openEmailTemplates(deps.db);
  const announce = notifyAssigned(deps.notifications, {
    db: deps.db,
    users: deps.users,
    templates,
    publicUrl: deps.reminderConfig.publicUrl,
    now: () => deps.clock.now(),
    ...(deps.onMailError ? { onError: deps.onMailError } : {}),
  });
  const evaluatorDeps = { db: deps.db, users: deps.users, cols, statuses, facts, homePage: deps.homePage, onAssigned: announce };
  // One evaluation at a time: a full run and a per-person run must not interleave writes.
  // In this process, a queue; across processes on one database (the web process and a
  // worker both evaluate), the store lease. Full, per-person, rebuild and reminder-scan
  // runs all take the same lease: simple and safe, at the price of a per-person run
  // waiting for a full run elsewhere (as it already does for one in this process).
  // Renewed every 20 s while a run goes on, so a dead holder frees it within a minute; the
  // minute also covers the longest stretch a cold full run keeps the event loop busy. A run
  // waits up to 10 minutes for another process's (a cold full run takes well under one).
  const leases = openLeases(deps.db);
  const lease = { name: 'compliance-evaluation', ttlMs: 60_000, waitMs: 10 * 60_000 };
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const leased = () => leases.withLease(lease.name, () => fn(), lease);
    const run = tail.then(leased, leased);
    tail = run.catch(() => {});
    return run;
  };
  const compliance: Compliance = {
    cols,
    statuses,
    facts,
    assignmentsForPerson: (personId, opts) => assignmentsForPerson(deps.db, personId, opts),
    rules: createRuleService({ cols, users: deps.users, now: () => deps.clock.now(), onChange: () => compliance.requestEvaluation(), targetExists: (t) => targetExists(deps.db, t), orgLists: () => createOrgService({ db: deps.db, users: deps.users }).lists() }),
    evaluate: (personIds) => serial(() => evaluateCompliance(evaluatorDeps, deps.clock.now(), personIds)),
    async evaluateChanged(personIds, managerChanged) {
      let ids = personIds;
      if (managerChanged) {
        const links = await deps.users.find({}, { managerId: 1 }).lean<Array<{ _id: { toHexString(): string }; managerId?: { toHexString(): string } }>>().exec();
        const tree = new ReportingTree(links.map((l) => ({ id: l._id.toHexString(), managerId: l.managerId?.toHexString() })));
        ids = [...new Set(personIds.flatMap((id) => [id, ...tree.chain(id)]))];
      }
      return compliance.evaluate(ids);
    },
    rebuild: () =>
      serial(async () => {
        await facts.rebuild([]);
        return evaluateCompliance(evaluatorDeps, deps.clock.now());
      }),
    reminders,
    emailTemplates: templates,
    announce,
    scanReminders: () =>
      serial(() => scanReminders({ statuses, reminders, users: deps.users, notifications: deps.notifications, config: deps.reminderConfig, now: deps.clock.now(), templates })),
    requestEvaluation: async () => {},
  };
  return compliance;
}
