import path from 'node:path';
import test from 'ava';
import { ConfigError, loadConfig } from './config.js';

test('defaults give the one-command start: port 3000, ./data, embedded store, jobs in the web process', (t) => {
  const c = loadConfig({});
  t.is(c.port, 3000);
  t.is(c.dataDir, path.resolve('./data'));
  t.is(c.mongodbUri, undefined);
  t.true(c.jobsInWeb);
  t.is(c.admin, undefined);
});

test('jobs leave the web process only when both MongoDB and Redis are configured', (t) => {
  t.true(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).jobsInWeb);
  t.false(loadConfig({ REDIS_URL: 'redis://r:6379', MONGODB_URI: 'mongodb://m:27017/lms' }).jobsInWeb);
  t.true(loadConfig({ REDIS_URL: 'redis://r:6379', MONGODB_URI: 'mongodb://m:27017/lms', JOBS_IN_WEB: 'true' }).jobsInWeb);
});

test('empty values count as unset; invalid ones name the variable', (t) => {
  t.is(loadConfig({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' }).admin, undefined);
  const err = t.throws(() => loadConfig({ PORT: 'eighty' }), { instanceOf: ConfigError });
  t.regex(err!.message, /PORT/);
  t.throws(() => loadConfig({ ADMIN_EMAIL: 'a@example.com' }), { message: /ADMIN_PASSWORD/ });
  t.throws(() => loadConfig({ ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'short' }), { message: /ADMIN_PASSWORD/ });
});

test('the OIDC provider from the environment needs issuer, client id and secret together; SSO-only names its break-glass admins', (t) => {
  t.is(loadConfig({}).oidc, undefined);
  t.throws(() => loadConfig({ OIDC_ISSUER: 'https://login.example.com' }), { message: /OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together/ });
  const c = loadConfig({ OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'lms', OIDC_CLIENT_SECRET: 's3cret', OIDC_EMPLOYEE_ID_CLAIM: 'employee_id', SSO_ONLY: 'true', SSO_BREAK_GLASS_EMAILS: 'Root@Example.com, ops@example.com' });
  t.like(c.oidc, { issuer: 'https://login.example.com', clientId: 'lms', emailClaim: 'email', employeeIdClaim: 'employee_id', displayName: 'Single sign-on', jit: false });
  t.true(c.ssoOnly);
  t.deepEqual(c.breakGlassEmails, ['root@example.com', 'ops@example.com']);
  t.throws(() => loadConfig({ SSO_BREAK_GLASS_EMAILS: 'not-an-email' }), { message: /SSO_BREAK_GLASS_EMAILS/ });
  t.throws(() => loadConfig({ SAML_SP_KEY_FILE: 'sp-key.pem' }), { message: /SAML_SP_KEY_FILE and SAML_SP_CERT_FILE/ });
  t.deepEqual(loadConfig({ SAML_SP_KEY_FILE: 'k.pem', SAML_SP_CERT_FILE: 'c.pem' }).samlSpSigning, { keyFile: path.resolve('k.pem'), certFile: path.resolve('c.pem') });
});
