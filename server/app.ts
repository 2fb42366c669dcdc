/**
 * The Express application: security headers, the LMS API under /api, the portal, and
 * errors as JSON. Routes are thin; everything they need comes from the runtime.
 */
import path from 'node:path';
import express from 'express';
import { PROJECT_ROOT } from './project-root.js';
import { createBrowserAuth } from './auth/browser-auth.js';
import { requireUser } from './auth/require-role.js';
import { createPasswordRouter } from './auth/password-routes.js';
import { createInvitationRouter } from './auth/invitation-routes.js';
import { createAccessEmailRouter } from './auth/access-email-routes.js';
import { resolveSessionSecret } from './auth/session-secret.js';
import { createSessionRouter } from './auth/session-routes.js';
import { createSsoRouter } from './sso/sso-routes.js';
import { createSsoAdminRouter } from './sso/sso-admin-routes.js';
import { createHealthRouter } from './health/health-routes.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { createJobRouter } from './jobs/job-routes.js';
import { createUserRouter } from './people/user-routes.js';
import { createLrsClientRouter } from './lrs-admin/lrs-client-routes.js';
import { createContentRouter } from './content/content-routes.js';
import { createCmi5FetchRouter, createCmi5Router } from './launch/cmi5/cmi5-routes.js';
import { createContentOriginApp } from './content/content-origin.js';
import { createLaunchGate } from './launch/launch-gate.js';
import { createLaunchRouter } from './launch/launch-routes.js';
import { startedPackages } from './launch/started-packages.js';
import { createCompetencyRouter } from './competencies/competency-routes.js';
import { createPolicyRouter } from './policies/policy-routes.js';
import { createPathRouter } from './paths/path-routes.js';
import { createBlendedRouter } from './blended/blended-routes.js';
import { createBlendedWork } from './blended/blended-work.js';
import { createTodoList } from './learner/todo.js';
import { createTodoRouter } from './learner/todo-routes.js';
import { createCatalogueRouter } from './catalogue/catalogue-routes.js';
import { createCatalogueService } from './catalogue/catalogue-service.js';
import { createReportRouter } from './reports/report-routes.js';
import { createPerformanceRouter } from './performance/performance-routes.js';
import type { Runtime } from './runtime.js';
import { createImportRouter } from './people/import/import-routes.js';
import { createOrgRouter } from './org/org-routes.js';
import { createRuleRouter } from './assignments/rule-routes.js';
import { createComplianceRouter } from './compliance/compliance-routes.js';
import { createNotificationRouter } from './notifications/notification-routes.js';
import { createEmailTemplateRouter } from './notifications/email-template-routes.js';
import { userModel } from './people/user-model.js';
import { hasRole } from './people/user-service.js';
import { VERSION } from './version.js';
import { createPortalRouter } from './web/portal-routes.js';
import { createPortalAddressRouter } from './web/portal-address-routes.js';
import { openScim, SCIM_PATH } from './scim/index.js';

export const PLAYER_DIST = path.join(PROJECT_ROOT, 'player/dist');

export async function createApp(runtime: Runtime): Promise<express.Express> {
  const { config, services, store, jobs, logger } = runtime;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    // Served over HTTPS (COOKIE_SECURE): browsers must not fall back to plain HTTP.
    if (config.cookieSecure) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });

  app.use(createHealthRouter({ version: VERSION, store, jobs, startedAt: new Date() }));
  // The LRS has its own credentials (HTTP Basic), CORS and body handling: no LMS session here.
  app.use('/xapi', runtime.lrs.router);
  // The cmi5 fetch URL: called by launched content (another origin, no LMS session).
  app.use(createCmi5FetchRouter(services.cmi5));
  // SCIM provisioning: bearer tokens, no LMS session or CSRF (an identity provider calls it).
  const scim = await openScim(runtime);
  app.use(SCIM_PATH, scim.router());

  const auth = createBrowserAuth({
    people: services.people,
    sessionStore: services.sessionStore,
    secret: await resolveSessionSecret(store.db, config.sessionSecret),
    cookieSecure: config.cookieSecure,
    sessionTtlMs: config.sessionTtlMs,
  });
  const lms = express.Router();
  lms.use(...auth.middleware);
  lms.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  lms.use(auth.csrf.csrfSynchronisedProtection);
  lms.use(createPortalAddressRouter(config.publicUrl));
  lms.use(
    createSessionRouter(auth, services.loginThrottle, (user) => services.people.recordSignIn(user.id, runtime.clock.now()), {
      passwordAllowed: (person) => services.sso.settings.passwordAllowed(person),
      logoutUrl: (info) => services.sso.logoutUrl(info),
    }),
  );
  lms.use(createSsoRouter(auth, services.sso));
  lms.use(createSsoAdminRouter(services.sso, userModel(runtime.conn), config.publicUrl));
  lms.use(createPasswordRouter(services.access, services.resetThrottle, (email) => services.sso.settings.passwordAllowed({ email })));
  lms.use(createInvitationRouter(services.access));
  lms.use(createAccessEmailRouter(services.accessEmails));
  lms.use(createImportRouter(services.peopleImport, services.access));
  lms.use(createUserRouter({ people: services.people, access: services.peopleAccess, passwords: services.access, profiles: services.personProfiles, org: services.org }));
  lms.use(createOrgRouter(services.org));
  lms.use(createRuleRouter(services.compliance.rules, store.db));
  lms.use(createComplianceRouter({ compliance: services.compliance, users: userModel(runtime.conn), jobs, hrRecords: services.hrRecords }));
  lms.use(createNotificationRouter(services.notifications));
  lms.use(createEmailTemplateRouter(services.compliance.emailTemplates, () => runtime.clock.now()));
  lms.use(createJobRouter(jobs, { requireUser, isAdmin: (user) => hasRole(user, 'admin') }));
  lms.use(createLrsClientRouter(runtime.lrs, runtime.services.certifications));
  lms.use(scim.tokenRouter());
  lms.use(
    createContentRouter({
      content: services.content,
      jobs,
      uploadDir: path.join(config.dataDir, 'uploads'),
      samplesDir: path.join(PROJECT_ROOT, 'packages-sample/dist'),
      contentDir: config.contentDir,
      uploadMaxBytes: config.uploadMaxBytes,
      contentUrls: services.contentUrls,
      packagePage: services.packagePage,
    }),
  );
  const catalogue = createCatalogueService({
    db: store.db,
    users: userModel(runtime.conn),
    now: () => runtime.clock.now(),
    evaluate: (ids) => services.compliance.evaluate(ids),
    announce: (assignments) => services.compliance.announce(assignments),
    orgLists: () => services.org.lists(),
  });
  const gate = createLaunchGate({
    assignmentsOf: (id) => services.learning.assignments.forPerson(id),
    packagesInPaths: (ids) => services.learning.paths.packagesInPaths(ids),
    offeredTo: async (id) => (await catalogue.listFor(id)).map((i) => i.packageId),
    startedBy: startedPackages(runtime.conn),
    exists: async (id) => !!(await runtime.contentModels.packages.exists({ _id: id })),
  });
  lms.use(createCmi5Router({ cmi5: services.cmi5, publicUrl: config.publicUrl, gate }));
  lms.use(
    createLaunchRouter(
      services.launch,
      { contentUrls: services.contentUrls, publicUrl: config.publicUrl, cmi5: services.cmi5, tincan: services.tincan },
      auth.verifyBodyToken,
      gate,
    ),
  );
  lms.use(createCompetencyRouter(services.learning.competencies, services.people));
  lms.use(createPolicyRouter(services.learning.policies));
  lms.use(createPathRouter(services.learning, services.people));
  lms.use(createCatalogueRouter(catalogue));
  lms.use(
    createBlendedRouter(
      services.blended,
      services.people,
      createBlendedWork({ blended: services.blended, paths: services.learning.paths, peopleAssigned: (id) => services.learning.assignments.peopleAssigned('path', id), people: services.people }),
      services.onboarding,
    ),
  );
  lms.use(createTodoRouter(createTodoList({ db: store.db, myLearning: services.learning.myLearning })));
  lms.use(
    createReportRouter({ reports: services.reports, packs: services.evidencePacks, jobs, db: store.db, records: runtime.lrs.records, homePage: config.publicUrl, authority: services.completionAuthority }),
  );
  lms.use(createPerformanceRouter({ performance: services.performance, reports: services.reports }));
  lms.use('/api', notFoundHandler());
  lms.use(createPortalRouter({ distDir: PLAYER_DIST, frameSrc: config.contentOriginUrl }));
  app.use(lms);

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}

/**
 * The content origin's application (a second listener on CONTENT_PORT): package files by
 * capability URL and the SCORM launch page, nothing else; see content/content-origin.ts.
 */
export function createContentApp(runtime: Runtime): express.Express {
  const { config, services } = runtime;
  return createContentOriginApp({
    contentDir: config.contentDir,
    playerDist: PLAYER_DIST,
    urls: services.contentUrls,
    lmsOrigin: new URL(config.publicUrl).origin,
  });
}
