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
import { createPeopleAccess, type PeopleAccess } from './people/people-access.js';
import { createPersonProfiles, type PersonProfiles } from './compliance/person-profile.js';
import { markInstallAdmins } from './people/install-admins.js';
import { createLaunchAccess } from './launch/launch-access.js';
import { StoreSessionStore } from './auth/session-store.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { ResetThrottle } from './auth/reset-throttle.js';
import type { AttemptDoc } from './auth/attempt-limiter.js';
import { createAccessService, type AccessService } from './auth/access-service.js';
import { accessEmailSettings, type AccessEmailSettingsStore } from './auth/access-emails.js';
import { createLrs, type Lrs } from '../lrs/index.js';
import { contentModels } from './content/package-model.js';
import { createContentService, type ContentService } from './content/import-service.js';
import { createPackageUsage } from './content/package-usage.js';
import { createPackageLifecycle, type PackageLifecycle } from './content/package-lifecycle.js';

type PackageUsageService = ReturnType<typeof createPackageUsage>;
import { createLearningServices, type LearningServices } from './paths/learning-services.js';
import { orgAssignmentSource } from './paths/org-assignments.js';
import { systemClock, type Clock } from './clock.js';
import { openCompliance, type Compliance } from './compliance/index.js';
import { enrolmentAssignment } from './compliance/assignment-notices.js';
import { createCmi5Service, type Cmi5Service } from './launch/cmi5/cmi5-service.js';
import { createExternalStatus } from './launch/external-status.js';
import { cmi5RegistrationModel } from './launch/cmi5/registration-model.js';
import { createTincanLauncher, tincanRegistrationModel, type TincanLauncher } from './launch/tincan/tincan-launcher.js';
import { createContentUrls, type ContentUrls } from './content/content-urls.js';
import { resolveSessionSecret } from './auth/session-secret.js';
import { attemptModel } from './launch/attempt-model.js';
import { createLaunchService, type LaunchService } from './launch/launch-service.js';
import { performanceModel } from './performance/performance-model.js';
import { createPerformanceService, type PerformanceService } from './performance/performance-service.js';
import { createReportsService, type ReportsService } from './reports/reports-service.js';
import { evidencePackModel } from './reports/evidence/evidence-pack-model.js';
import { createEvidencePackService, type EvidencePackService } from './reports/evidence/evidence-service.js';
import { loadPeople } from './reports/people-directory.js';
import { milestoneModel } from './reports/milestone-model.js';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { COMPLIANCE_QUEUE, type ComplianceJob } from './compliance/compliance-job.js';
import { createLiveEvaluation } from './compliance/live-evaluation.js';
import { liveEvaluationJobs } from './compliance/live-jobs.js';
import { openNotifications, type NotificationService } from './notifications/notification-service.js';
import { openBlended, type Blended } from './blended/blended.js';
import { createOnboardingTemplates, type OnboardingTemplates } from './blended/onboarding-templates.js';
import type { Transporter } from 'nodemailer';
import { createImportService, type ImportService } from './people/import/import-service.js';
import { createOrgService, type OrgService } from './org/org-service.js';
import { createActivityOwnership } from './learning-record/activity-ownership.js';
import type { CompletionAuthority } from './learning-record/completion-authority.js';
import { lmsCompletionAuthority } from './lms-completion-authority.js';
import { trustedRecordReader } from './learning-record/trusted-records.js';
import { createHrRecords, type HrRecords } from './compliance/hr-records.js';
import { createCertificationAllowances, type CertificationAllowances } from './lrs-admin/certification-allowances.js';
import { openSso, type Sso } from './sso/sso-service.js';

export interface Services {
  people: PeopleService;
  /** Deactivate and reactivate (ending sessions and launch tokens), bulk actions. */
  peopleAccess: PeopleAccess;
  /** A person's page: chain, reports, assignments and statuses. */
  personProfiles: PersonProfiles;
  sessionStore: StoreSessionStore;
  /** Sign-in and forgot-password limits, counted in the store (shared by web processes). */
  loginThrottle: LoginThrottle;
  resetThrottle: ResetThrottle;
  /** Invitations, password resets and changes. */
  access: AccessService;
  accessEmails: AccessEmailSettingsStore;
  content: ContentService;
  /** The package page: where a package is used, archive and delete. */
  packagePage: { usage: PackageUsageService; lifecycle: PackageLifecycle };
  /** Assignment rules, assignments, completion facts and compliance status (hr-org). */
  compliance: Compliance;
  /** cmi5 registrations, launch, fetch, moveOn/satisfied, abandoned, waived. */
  cmi5: Cmi5Service;
  tincan: TincanLauncher;
  /** Capability URLs for package files on the content origin (also for the cmi5/tincan launchers). */
  contentUrls: ContentUrls;
  launch: LaunchService;
  /** Competencies, policies, learning paths, enrolments and "My learning". */
  learning: LearningServices;
  performance: PerformanceService;
  reports: ReportsService;
  evidencePacks: EvidencePackService;
  notifications: NotificationService;
  peopleImport: ImportService;
  org: OrgService;
  /** HR's manual completions and waivers (with a reason), written to the LRS. */
  hrRecords: HrRecords;
  /** Which LRS clients may certify which activities (HR's allowances). */
  certifications: CertificationAllowances;
  /** Who may assert a completion: compliance, paths, competencies and evidence packs ask it. */
  completionAuthority: CompletionAuthority;
  /** Single sign-on (OIDC, SAML): providers, identity links, SSO-only mode. */
  sso: Sso;
  /** Blended learning: checklist tasks, observations, live sessions (written to the LRS as the LMS). */
  blended: Blended;
  /** Onboarding journeys: paths marked as a job role's template, assigned on hire by their rule, with 30/60/90-day checkpoints. */
  onboarding: OnboardingTemplates;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  store: Store;
  conn: Connection;
  jobs: JobRuntime;
  services: Services;
  /** Content package models (launchers read package versions through them). */
  contentModels: ReturnType<typeof contentModels>;
  /** The xAPI LRS: its router is mounted at /xapi; the LMS writes through its services. */
  lrs: Lrs;
  /** The domain's time source (a manual clock in tests). */
  clock: Clock;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
  mailTransport?: Transporter;
  /**
   * An already-open store, shared with other runtimes (tests standing in for a web process
   * and a worker on one database). The caller owns it: `close()` leaves it open.
   */
  store?: Store;
}

export async function openRuntime(config: Config, logger: Logger, opts: RuntimeOptions = {}): Promise<Runtime> {
  const clock = opts.clock ?? systemClock;
  const store = opts.store ?? (await openStore(config, { info: (msg) => logger.info(msg), warn: (msg) => logger.warn(msg) }));
  const closeStore = opts.store ? async () => {} : () => store.close();
  let conn: Connection | undefined;
  let jobs: JobRuntime | undefined;
  try {
    conn = createMongooseConnection(store);
    const users = userModel(conn);
    const content = contentModels(conn);
    const attempts = attemptModel(conn);
    await Promise.all([users.init(), content.packages.init(), content.versions.init(), attempts.init()]);
    await markInstallAdmins(users);
    jobs = createJobRuntime({ redisUrl: config.redisUrl, store: store.db, logger: logger.child({ part: 'jobs' }) });
    const lrs = await createLrs({
      db: store.db,
      authorityHomePage: `${config.publicUrl}/xapi/clients`,
      logger: logger.child({ part: 'lrs' }),
      activityOwner: createActivityOwnership(store.db, config.publicUrl),
      settleLagMs: config.lrsSettleLagMs,
    });
    const cmi5Registrations = cmi5RegistrationModel(conn);
    const tincanRegistrations = tincanRegistrationModel(conn);
    await Promise.all([cmi5Registrations.init(), tincanRegistrations.init()]);
    const contentUrls = createContentUrls({
      secret: await resolveSessionSecret(store.db, config.sessionSecret),
      origin: config.contentOriginUrl,
      ttlMs: config.contentUrlTtlMs,
    });
    const launchLogger = logger.child({ part: 'launch' });
    // cmi5 and TinCan: content from the content origin, endpoint and fetch URL on PUBLIC_URL.
    const launchDeps = {
      lrs,
      content,
      publicUrl: config.publicUrl,
      contentUrl: (grant: { packageId: string; version: number; registration: string }, file: string) => contentUrls.contentUrlFor(grant, file),
      tokenTtlMs: config.launchTokenTtlMs,
    };
    // Bound below, once compliance is open: a changed allowance re-judges those activities.
    let allowancesChanged = async (_ids: string[]): Promise<void> => {};
    const certifications = createCertificationAllowances(store.db, { now: () => clock.now(), onChange: (ids) => allowancesChanged(ids) });
    const completionAuthority = lmsCompletionAuthority(lrs, certifications, config.publicUrl);
    // What reports, course lists and the path sweep read: completions their sources may assert.
    const trustedRecords = trustedRecordReader(lrs.records, completionAuthority);
    // Every statement counts as use (trusted or not): a package anything was recorded for is kept.
    const packageUsage = createPackageUsage({ db: store.db, records: lrs.records, homePage: config.publicUrl });
    const packagePage = { usage: packageUsage, lifecycle: createPackageLifecycle({ models: content, contentDir: config.contentDir, usage: packageUsage.of }) };
    const notifications = await openNotifications(store.db, { smtpUrl: config.smtpUrl, from: config.mailFrom, now: () => clock.now(), transport: opts.mailTransport });
    const compliance = await openCompliance({
      db: store.db,
      users,
      records: lrs.records,
      homePage: config.publicUrl,
      clock,
      notifications,
      reminderConfig: { days: config.reminderDays, escalationDays: config.reminderEscalationDays, publicUrl: config.publicUrl },
      authority: completionAuthority,
      onMailError: (err, assignmentId) => logger.error({ err, assignmentId }, 'the email of a new assignment could not be sent; the reminder scan tries it again'),
    });
    allowancesChanged = async (ids) => {
      await compliance.facts.forget(ids);
      await compliance.requestEvaluation();
    };
    // A change to what decides someone's assignments re-evaluates them (and, for a new
    // manager, everyone below them) at once: one person's evaluation is small.
    // A failure there is logged, not the caller's: the next scheduled evaluation catches up.
    const people = createPeopleService(users, {
      changed: (id, fields) =>
        compliance.evaluateChanged([id], fields.includes('managerId')).then(
          () => {},
          (err) => logger.warn({ err, personId: id }, 'compliance re-evaluation after a change failed'),
        ),
    });
    const performanceRecords = performanceModel(conn);
    const packs = evidencePackModel(conn);
    const milestones = milestoneModel(conn);
    await Promise.all([performanceRecords.init(), packs.init(), milestones.init()]);
    const now = () => clock.now();
    const performance = createPerformanceService({ model: performanceRecords, records: trustedRecords, homePage: config.publicUrl, now });
    const sessionStore = await StoreSessionStore.create(store.db.collection('sessions'), config.sessionTtlMs);
    const loginAttempts = store.db.collection<AttemptDoc>('login_attempts');
    const loginThrottle = await LoginThrottle.create(loginAttempts, now);
    const accessEmails = accessEmailSettings(store.db);
    const cmi5 = createCmi5Service({ ...launchDeps, registrations: cmi5Registrations });
    const peopleAccess = createPeopleAccess({ people, sessions: sessionStore, launches: createLaunchAccess({ lrs, cmi5, publicUrl: config.publicUrl }) });
    const sso = await openSso({
      db: store.db,
      people,
      users,
      sessions: sessionStore,
      publicUrl: config.publicUrl,
      envOidc: config.oidc,
      envSettings: { ssoOnly: config.ssoOnly, breakGlassEmails: config.breakGlassEmails },
      samlSigning: config.samlSpSigning && { privateKey: readFileSync(config.samlSpSigning.keyFile, 'utf8'), cert: readFileSync(config.samlSpSigning.certFile, 'utf8') },
      now,
      logger: logger.child({ part: 'sso' }),
    });
    const blended = await openBlended(store.db, { homePage: config.publicUrl, writer: () => lrs.internalWriter('lms'), people, mailer: notifications.mailer, mailFrom: config.mailFrom, now, evidenceDir: path.join(config.dataDir, 'blended-evidence') });
    const services: Services = {
      blended,
      // Paths and assignments come later in this object: read them when called.
      onboarding: createOnboardingTemplates({
        db: store.db,
        rules: compliance.rules,
        paths: () => services.learning.paths,
        peopleAssigned: (id) => services.learning.assignments.peopleAssigned('path', id),
        people,
        now,
      }),
      sso,
      people,
      peopleAccess,
      personProfiles: createPersonProfiles({ people, users, compliance }),
      sessionStore,
      loginThrottle,
      resetThrottle: new ResetThrottle(loginAttempts, now),
      accessEmails,
      access: createAccessService({
        users,
        people,
        mailer: notifications.mailer,
        emails: accessEmails,
        sessions: sessionStore,
        throttle: loginThrottle,
        publicUrl: config.publicUrl,
        inviteTtlMs: config.inviteTtlMs,
        resetTtlMs: config.passwordResetTtlMs,
        now,
        logger: logger.child({ part: 'access' }),
      }),
      content: createContentService({ models: content, contentDir: config.contentDir }),
      packagePage,
      compliance,
      notifications,
      peopleImport: createImportService({
        users,
        db: store.db,
        now: () => clock.now(),
        // One evaluation for everyone the import touched (and those below a new manager).
        afterApply: async (ids, managers) => void (await compliance.evaluateChanged(ids, managers)),
        deactivated: (ids) => peopleAccess.endAccess(ids),
      }),
      // A rename moves people to the new value: re-evaluate them (their rules were renamed too).
      org: createOrgService({ db: store.db, users, peopleChanged: (ids) => compliance.evaluateChanged(ids, false) }),
      certifications,
      completionAuthority,
      hrRecords: createHrRecords({
        db: store.db,
        cols: compliance.cols,
        homePage: config.publicUrl,
        writer: () => lrs.internalWriter('lms'),
        person: async (id) => {
          const p = await people.get(id);
          return p ? { id: p.id, name: p.name, active: p.active } : null;
        },
        now: () => clock.now(),
      }),
      cmi5,
      tincan: createTincanLauncher({ ...launchDeps, registrations: tincanRegistrations }),
      contentUrls,
      launch: createLaunchService({
        attempts,
        content,
        contentUrls,
        writer: () => lrs.internalWriter('lms'),
        publicUrl: config.publicUrl,
        onOutboxError: (err, attemptId) => launchLogger.error({ err, attemptId }, 'statements of a SCORM attempt could not be written to the LRS; kept for the next commit'),
        externalStatus: createExternalStatus({ records: trustedRecords, cmi5Registrations, tincanRegistrations, publicUrl: config.publicUrl }),
      }),
      learning: await createLearningServices({
        conn,
        lrs,
        people,
        homePage: config.publicUrl,
        extraAssignments: [orgAssignmentSource(store.db)],
        authority: completionAuthority,
        blendedSteps: blended.exists,
        onEnrolled: (fresh) => compliance.announce(fresh.map(enrolmentAssignment)),
        now: () => clock.now(),
      }),
      performance,
      reports: createReportsService({
        db: store.db,
        users,
        records: trustedRecords,
        homePage: config.publicUrl,
        reviewedInLatestPeriod: () => performance.reviewedInLatestPeriod(),
        milestones,
        now,
        checkpoints: (ids) => services.onboarding.checkpoints(ids),
      }),
      evidencePacks: createEvidencePackService({
        model: packs,
        db: store.db,
        records: lrs.records,
        homePage: config.publicUrl,
        authority: completionAuthority,
        dir: path.join(config.dataDir, 'evidence-packs'),
        loadPeople: () => loadPeople(users),
        now,
        evidenceFile: (sha2) => blended.evidence.fileOf(sha2),
      }),
    };
    // Rule changes re-evaluate everyone in the background (the web process only enqueues).
    const queue = jobs.queue<ComplianceJob>(COMPLIANCE_QUEUE);
    compliance.requestEvaluation = async () => void (await queue.add({ task: 'evaluate' }, { attempts: 2 }));
    // Live: the people whose statements land are re-evaluated within seconds, by coalesced
    // jobs on the same queue (a separate worker runs them when there is one); the scan stays.
    const liveJobs = liveEvaluationJobs(queue);
    const live = config.complianceLive
      ? createLiveEvaluation({
          homePage: config.publicUrl,
          run: liveJobs.run,
          leftover: liveJobs.enqueue,
          onError: (err, personIds) => logger.warn({ err, people: personIds.length }, 'live compliance re-evaluation failed; the scan catches up'),
        })
      : null;
    const stopListening = live ? lrs.onStored((statements) => live.noteStored(statements)) : () => {};
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
      contentModels: content,
      lrs,
      clock,
      close() {
        // Jobs first (they may still write), then mongoose, then the store's journal.
        closing ??= (async () => {
          // Live first: whoever is still waiting is enqueued (durably) before the queues close.
          stopListening();
          await live?.close();
          liveJobs.close();
          await openJobs.close();
          await openConn.close();
          await closeStore();
        })();
        return closing;
      },
    };
  } catch (err) {
    await jobs?.close().catch(() => {});
    await conn?.close().catch(() => {});
    await closeStore().catch(() => {});
    throw err;
  }
}
