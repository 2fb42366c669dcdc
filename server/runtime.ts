/**
 * Everything a process of the LMS holds: configuration, the store, mongoose, the job
 * runtime and the domain services. The web server, the worker, the CLI commands and the
 * tests all start from `openRuntime`, so they are wired the same way.
 */
import type { Connection } from 'mongoose';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { openStore } from './store/open-store.js';
import { createMongooseConnection } from './store/mongoose.js';
import type { Store } from './store/types.js';
import { createJobRuntime } from './jobs/index.js';
import type { JobRuntime } from './jobs/types.js';
import { userModel } from './people/user-model.js';
import { createPeopleService, type PeopleService } from './people/user-service.js';
import { StoreSessionStore } from './auth/session-store.js';
import { createLrs, type Lrs } from '../lrs/index.js';
import { contentModels } from './content/package-model.js';
import { createContentService, type ContentService } from './content/import-service.js';
import { systemClock, type Clock } from './clock.js';
import { openCompliance, type Compliance } from './compliance/index.js';
import { COMPLIANCE_QUEUE, type ComplianceJob } from './compliance/compliance-job.js';
import { openNotifications, type NotificationService } from './notifications/notification-service.js';
import type { Transporter } from 'nodemailer';
import { createImportService, type ImportService } from './people/import/import-service.js';
import { createOrgService, type OrgService } from './org/org-service.js';

export interface Services {
  people: PeopleService;
  sessionStore: StoreSessionStore;
  content: ContentService;
  /** Assignment rules, assignments, completion facts and compliance status (hr-org). */
  compliance: Compliance;
  notifications: NotificationService;
  peopleImport: ImportService;
  org: OrgService;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  store: Store;
  conn: Connection;
  jobs: JobRuntime;
  services: Services;
  /** The xAPI LRS: its router is mounted at /xapi; the LMS writes through its services. */
  lrs: Lrs;
  /** The domain's time source (a manual clock in tests). */
  clock: Clock;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, logger: Logger, opts: { clock?: Clock; mailTransport?: Transporter } = {}): Promise<Runtime> {
  const clock = opts.clock ?? systemClock;
  const store = await openStore(config, (msg) => logger.info(msg));
  let conn: Connection | undefined;
  let jobs: JobRuntime | undefined;
  try {
    conn = createMongooseConnection(store);
    const users = userModel(conn);
    const content = contentModels(conn);
    await Promise.all([users.init(), content.packages.init(), content.versions.init()]);
    jobs = createJobRuntime({ redisUrl: config.redisUrl, store: store.db, logger: logger.child({ part: 'jobs' }) });
    const lrs = await createLrs({
      db: store.db,
      authorityHomePage: `${config.publicUrl}/xapi/clients`,
      logger: logger.child({ part: 'lrs' }),
    });
    const notifications = await openNotifications(store.db, { smtpUrl: config.smtpUrl, from: config.mailFrom, now: () => clock.now(), transport: opts.mailTransport });
    const compliance = await openCompliance({
      db: store.db,
      users,
      records: lrs.records,
      homePage: config.publicUrl,
      clock,
      notifications,
      reminderConfig: { days: config.reminderDays, escalationDays: config.reminderEscalationDays, publicUrl: config.publicUrl },
    });
    const services: Services = {
      // A change to what decides someone's assignments re-evaluates them (and, for a new
      // manager, everyone below them) at once: one person's evaluation is small.
      // A failure there is logged, not the caller's: the next scheduled evaluation catches up.
      people: createPeopleService(users, {
        changed: (id, fields) =>
          compliance.evaluateChanged([id], fields.includes('managerId')).then(
            () => {},
            (err) => logger.warn({ err, personId: id }, 'compliance re-evaluation after a change failed'),
          ),
      }),
      sessionStore: await StoreSessionStore.create(store.db.collection('sessions'), config.sessionTtlMs),
      content: createContentService({ models: content, contentDir: config.contentDir }),
      compliance,
      notifications,
      peopleImport: createImportService({
        users,
        db: store.db,
        now: () => clock.now(),
        // One evaluation for everyone the import touched (and those below a new manager).
        afterApply: async (ids, managers) => void (await compliance.evaluateChanged(ids, managers)),
      }),
      org: createOrgService({ db: store.db, users }),
    };
    // Rule changes re-evaluate everyone in the background (the web process only enqueues).
    const queue = jobs.queue<ComplianceJob>(COMPLIANCE_QUEUE);
    compliance.requestEvaluation = async () => void (await queue.add({ task: 'evaluate' }, { attempts: 2 }));
    const openJobs = jobs;
    const openConn = conn;
    let closing: Promise<void> | null = null;
    return {
      config,
      logger,
      store,
      conn,
      jobs,
      services,
      lrs,
      clock,
      close() {
        // Jobs first (they may still write), then mongoose, then the store's journal.
        closing ??= (async () => {
          await openJobs.close();
          await openConn.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await jobs?.close().catch(() => {});
    await conn?.close().catch(() => {});
    await store.close().catch(() => {});
    throw err;
  }
}
