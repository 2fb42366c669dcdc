/**
 * Configuration from environment variables, validated once at start-up.
 * Every variable is documented in README.md ("Configuration").
 */
import path from 'node:path';
import { z } from 'zod';

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL of the LMS (used to name LRS client authorities). */
  PUBLIC_URL: z.string().url().optional(),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  MONGODB_URI: z.string().url().optional(),
  MONGODB_DB: z.string().optional(),
  REDIS_URL: z.string().url().optional(),
  /** Run job processors inside the web process. Defaults to true unless MONGODB_URI and REDIS_URL are both set. */
  JOBS_IN_WEB: booleanish.optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Mark cookies Secure (set when served over HTTPS, e.g. behind a TLS proxy). */
  COOKIE_SECURE: booleanish.default(false),
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  TRUST_PROXY: booleanish.default(false),
  /** Days an invitation's set-password link works. */
  INVITE_TTL_DAYS: z.coerce.number().positive().max(90).default(7),
  /** Minutes a forgotten-password link works. */
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(12).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where extracted content packages live (default DATA_DIR/content). */
  CONTENT_DIR: z.string().optional(),
  /** Largest package upload accepted, in MB. */
  UPLOAD_MAX_MB: z.coerce.number().positive().default(1024),
  /** Longest life of a content launch token (cmi5 fetch token, TinCan auth), in hours. */
  LAUNCH_TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  /**
   * How long another process's statement may take from being numbered to being visible
   * (insert time plus clock skew), in ms: readers of the record and Consistent-Through stay
   * this far behind now. Default 0 on the embedded store (one process owns it), 2000 on MongoDB.
   */
  LRS_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  /** A cmi5 session with no request for this many minutes is abandoned by the stale-session job. */
  CMI5_SESSION_STALE_MINUTES: z.coerce.number().positive().default(120),
  /** Public URL of the separate origin that serves package content (default http://localhost:CONTENT_PORT). */
  CONTENT_ORIGIN_URL: z.string().url().optional(),
  /** Port of the second listener that serves only content (default PORT+1; 0 picks a free one). */
  CONTENT_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** How long a content capability URL handed to a launch stays valid, in hours. */
  CONTENT_URL_TTL_HOURS: z.coerce.number().positive().default(12),
  /** How often the path completion sweep reads new completions from the LRS, in seconds. */
  PATH_SWEEP_SECONDS: z.coerce.number().int().positive().default(60),
  /** Send email through this SMTP server (smtp:// or smtps:// URL); unset: emails go to the outbox shown to HR. */
  SMTP_URL: z.string().url().optional(),
  /** Sender address of the LMS's emails. */
  MAIL_FROM: z.string().min(3).default('Learning Hub <no-reply@localhost>'),
  /** Days before a due date or expiry that reminders go out, comma-separated. */
  REMINDER_DAYS: z
    .string()
    .regex(/^\d{1,4}(,\d{1,4})*$/, 'must be day counts separated by commas, e.g. 90,60,30')
    .default('90,60,30'),
  /** Days after a due date (or an expiry) before the manager is told. */
  REMINDER_ESCALATION_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  /** How often the compliance re-evaluation and reminder scan runs, in minutes. */
  COMPLIANCE_SCAN_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  /** Re-evaluate the people whose statements just landed within seconds (false: the scan alone moves statuses). */
  COMPLIANCE_LIVE: booleanish.default(true),
  /** OpenID Connect provider from the environment (read-only on the SSO screen); all three or none. */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Claim carrying the email (default `email`) and, optionally, the employee id. */
  OIDC_EMAIL_CLAIM: z.string().min(1).default('email'),
  OIDC_EMPLOYEE_ID_CLAIM: z.string().min(1).optional(),
  /** Button label of the environment's provider. */
  OIDC_DISPLAY_NAME: z.string().min(1).max(100).default('Single sign-on'),
  /** Create people on their first sign-in through the environment's provider. */
  OIDC_JIT: booleanish.default(false),
  /** Local passwords off for everyone but the break-glass admins (the SSO screen can also turn it on). */
  SSO_ONLY: booleanish.default(false),
  /** PEM files of the key and certificate that sign our SAML requests (AuthnRequest, LogoutRequest); both or neither. */
  SAML_SP_KEY_FILE: z.string().min(1).optional(),
  SAML_SP_CERT_FILE: z.string().min(1).optional(),
  /** Admins (by email, comma-separated) who keep their password in SSO-only mode. */
  SSO_BREAK_GLASS_EMAILS: z
    .string()
    .refine((s) => s.split(',').every((e) => z.string().trim().email().safeParse(e).success), 'must be email addresses separated by commas')
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  contentDir: string;
  uploadMaxBytes: number;
  /** Port of the content listener (a different origin from the LMS, so content cannot read the LMS session). */
  contentPort: number;
  /** Public origin of the content listener, e.g. http://localhost:3001 (no trailing slash). */
  contentOriginUrl: string;
  contentUrlTtlMs: number;
  mongodbUri?: string;
  mongodbDb?: string;
  redisUrl?: string;
  jobsInWeb: boolean;
  sessionSecret?: string;
  sessionTtlMs: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  inviteTtlMs: number;
  passwordResetTtlMs: number;
  admin?: { email: string; password: string };
  logLevel: Env['LOG_LEVEL'];
  launchTokenTtlMs: number;
  lrsSettleLagMs: number;
  cmi5SessionStaleMs: number;
  pathSweepMs: number;
  smtpUrl?: string;
  mailFrom: string;
  reminderDays: number[];
  reminderEscalationDays: number;
  complianceScanMs: number;
  /** Live re-evaluation of the people whose statements land (COMPLIANCE_LIVE). */
  complianceLive: boolean;
  /** The environment's OIDC provider (OIDC_*), if configured. */
  oidc?: { issuer: string; clientId: string; clientSecret: string; emailClaim: string; employeeIdClaim?: string; displayName: string; jit: boolean };
  /** SSO_ONLY, and SSO_BREAK_GLASS_EMAILS (lower case). */
  ssoOnly: boolean;
  breakGlassEmails: string[];
  /** SAML_SP_KEY_FILE and SAML_SP_CERT_FILE (paths), when our SAML requests are signed. */
  samlSpSigning?: { keyFile: string; certFile: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (e.g. `ADMIN_EMAIL=` in a compose file) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if ((e.SAML_SP_KEY_FILE === undefined) !== (e.SAML_SP_CERT_FILE === undefined)) {
    throw new ConfigError('Invalid configuration:\n  SAML_SP_KEY_FILE and SAML_SP_CERT_FILE must be set together');
  }
  const oidcSet = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter((v) => v !== undefined).length;
  if (oidcSet !== 0 && oidcSet !== 3) {
    throw new ConfigError('Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
  }
  const contentPort = e.CONTENT_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1);
  return {
    port: e.PORT,
    contentPort,
    contentOriginUrl: (e.CONTENT_ORIGIN_URL ?? `http://localhost:${contentPort}`).replace(/\/+$/, ''),
    contentUrlTtlMs: e.CONTENT_URL_TTL_HOURS * 3600_000,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    contentDir: path.resolve(e.CONTENT_DIR ?? path.join(e.DATA_DIR, 'content')),
    uploadMaxBytes: e.UPLOAD_MAX_MB * 1024 * 1024,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    redisUrl: e.REDIS_URL,
    // A separate worker process can only share data through MongoDB: the embedded store
    // belongs to one process, so without MONGODB_URI the web process runs the processors.
    jobsInWeb: e.JOBS_IN_WEB ?? !(e.MONGODB_URI && e.REDIS_URL),
    sessionSecret: e.SESSION_SECRET,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    inviteTtlMs: e.INVITE_TTL_DAYS * 86400_000,
    passwordResetTtlMs: e.PASSWORD_RESET_TTL_MINUTES * 60_000,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    logLevel: e.LOG_LEVEL,
    launchTokenTtlMs: e.LAUNCH_TOKEN_TTL_HOURS * 3600_000,
    // The embedded store belongs to one process, whose in-flight statements the LRS tracks exactly.
    lrsSettleLagMs: e.LRS_SETTLE_MS ?? (e.MONGODB_URI ? 2000 : 0),
    cmi5SessionStaleMs: e.CMI5_SESSION_STALE_MINUTES * 60_000,
    pathSweepMs: e.PATH_SWEEP_SECONDS * 1000,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    reminderDays: [...new Set(e.REMINDER_DAYS.split(',').map(Number))].sort((a, b) => b - a),
    reminderEscalationDays: e.REMINDER_ESCALATION_DAYS,
    complianceScanMs: e.COMPLIANCE_SCAN_MINUTES * 60_000,
    complianceLive: e.COMPLIANCE_LIVE,
    oidc:
      oidcSet === 3
        ? { issuer: e.OIDC_ISSUER!, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET!, emailClaim: e.OIDC_EMAIL_CLAIM, employeeIdClaim: e.OIDC_EMPLOYEE_ID_CLAIM, displayName: e.OIDC_DISPLAY_NAME, jit: e.OIDC_JIT }
        : undefined,
    ssoOnly: e.SSO_ONLY,
    samlSpSigning: e.SAML_SP_KEY_FILE && e.SAML_SP_CERT_FILE ? { keyFile: path.resolve(e.SAML_SP_KEY_FILE), certFile: path.resolve(e.SAML_SP_CERT_FILE) } : undefined,
    breakGlassEmails: (e.SSO_BREAK_GLASS_EMAILS ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean),
  };
}
