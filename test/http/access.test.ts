/**
 * How people get in: invitations, set-password links (single use, expiry, a newer one
 * kills the older), forgot password (202 whatever the email), the password policy, own
 * password changes ending other sessions, editable email templates, HSTS.
 */
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';

let app: TestApp;
let hr: HttpClient;
const password = 'a long enough passphrase';

test.before(async () => {
  app = await startTestApp({ INVITE_TTL_DAYS: '7' });
  await app.createUser({ email: 'hr@example.com', password, name: 'Hana HR', roles: ['hr'] });
  await app.createUser({ email: 'admin@example.com', password, name: 'Ada Admin', roles: ['admin'] });
  hr = new HttpClient(app.url);
  await hr.login('hr@example.com', password);
});
test.after.always(() => app?.close());

interface Mail {
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
}
const outbox = () => app.runtime.store.db.collection<Mail & { _id: string }>('outbox');
const mailsTo = async (to: string) => outbox().find({ to }).toArray();
/** The newest email to `to` once there are `count` of them (reset emails are not awaited by the API). */
async function mailTo(to: string, count = 1): Promise<Mail> {
  for (let i = 0; i < 200; i++) {
    const mails = await mailsTo(to);
    if (mails.length >= count) return mails.sort((a, b) => Number(a.createdAt) - Number(b.createdAt)).at(-1)!;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no email #${count} to ${to}`);
}
const tokenIn = (mail: Mail) => /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
const newPerson = async (email: string, name: string) => (await hr.request('POST', '/api/users', { email, name })).body.id as string;
const anon = () => new HttpClient(app.url);

test('HR invites a person; the link sets a password once; the person signs in', async (t) => {
  const id = await newPerson('ivy@example.com', 'Ivy Invited');
  const sent = await hr.request('POST', `/api/users/${id}/invitation`);
  t.is(sent.status, 201);
  const before = await hr.request('GET', `/api/users/${id}`);
  t.is(before.body.invitation, 'pending');
  t.truthy(before.body.invitedAt);
  t.is(before.body.lastSignInAt, undefined);
  const mail = await mailTo('ivy@example.com');
  t.regex(mail.text, new RegExp(`${app.url}/set-password\\?token=`));
  t.regex(mail.text, /Ivy Invited/);
  const token = tokenIn(mail);
  t.false(JSON.stringify(await app.runtime.store.db.collection('users').findOne({ email: 'ivy@example.com' })).includes(token), 'only a hash of the token is stored');

  t.deepEqual((await anon().request('POST', '/api/password/token', { token })).body, { name: 'Ivy Invited', email: 'ivy@example.com', purpose: 'invitation' });
  const set = await anon().request('POST', '/api/password/reset', { token, password: 'tangerine ostrich violin' });
  t.is(set.status, 200);
  const again = await anon().request('POST', '/api/password/reset', { token, password: 'another tangerine violin' });
  t.is(again.status, 400);
  t.is(again.body.error.field, 'token');
  t.is((await anon().request('POST', '/api/password/token', { token })).body.error.field, 'token');
  const ivy = anon();
  t.is((await ivy.login('ivy@example.com', 'tangerine ostrich violin')).status, 200);
  const after = await hr.request('GET', `/api/users/${id}`);
  t.is(after.body.invitation, 'accepted');
  t.truthy(after.body.lastSignInAt);
  t.is((await hr.request('POST', `/api/users/${id}/invitation`)).status, 409, 'an accepted invitation is not sent again');
});

test('racing uses of one link: exactly one sets the password', async (t) => {
  const id = await newPerson('race@example.com', 'Rae Racer');
  await hr.request('POST', `/api/users/${id}/invitation`);
  const token = tokenIn(await mailTo('race@example.com'));
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => anon().request('POST', '/api/password/reset', { token, password: `tangerine ostrich violin ${i}` })));
  t.is(results.filter((r) => r.status === 200).length, 1);
  t.true(results.filter((r) => r.status !== 200).every((r) => r.body.error.field === 'token'));
});

test('a newer invitation kills the older link; an expired link is refused', async (t) => {
  const id = await newPerson('twice@example.com', 'Tom Twice');
  await hr.request('POST', `/api/users/${id}/invitation`);
  const first = tokenIn(await mailTo('twice@example.com', 1));
  await hr.request('POST', `/api/users/${id}/invitation`);
  const second = tokenIn(await mailTo('twice@example.com', 2));
  t.not(first, second);
  const old = await anon().request('POST', '/api/password/reset', { token: first, password: 'tangerine ostrich violin' });
  t.is(old.status, 400);
  t.is(old.body.error.field, 'token');

  // Expiry: move the link's end into the past (as the clock would after INVITE_TTL_DAYS).
  const users = app.runtime.store.db.collection<{ passwordToken: { expiresAt: Date } }>('users');
  const { passwordToken } = (await users.findOne({ email: 'twice@example.com' }))!;
  const past = new Date(Date.now() - 1000);
  await users.updateOne({ email: 'twice@example.com' }, { $set: { passwordToken: { ...passwordToken, expiresAt: past }, invitationExpiresAt: past } });
  const expired = await anon().request('POST', '/api/password/reset', { token: second, password: 'tangerine ostrich violin' });
  t.is(expired.status, 400);
  t.is(expired.body.error.field, 'token');
  t.is((await hr.request('GET', `/api/users/${id}`)).body.invitation, 'expired');
});

test('weak passwords are refused naming `password`, and the link survives the refusal', async (t) => {
  const id = await newPerson('pat.weak@example.com', 'Pat Weakling');
  await hr.request('POST', `/api/users/${id}/invitation`);
  const token = tokenIn(await mailTo('pat.weak@example.com'));
  for (const [pw, why] of [
    ['password1234', /common/],
    ['Sunshine2026!', /common/],
    ['weakling-rules-2026', /name or email/],
    ['i am pat.weak here', /name or email/],
    ['short', /at least 12/],
  ] as const) {
    const res = await anon().request('POST', '/api/password/reset', { token, password: pw });
    t.is(res.status, 400, pw);
    t.is(res.body.error.field, 'password', pw);
    t.regex(res.body.error.message, why, pw);
  }
  t.is((await anon().request('POST', '/api/password/reset', { token, password: 'tangerine ostrich violin' })).status, 200);
  const created = await hr.request('POST', '/api/users', { email: 'c@example.com', name: 'Cy', password: 'qwerty123456' });
  t.is(created.status, 400);
  t.is(created.body.error.field, 'password');
});

test('bulk invitations report whom they skipped', async (t) => {
  const a = await newPerson('bulk-a@example.com', 'Bo Bulk');
  const b = await newPerson('bulk-b@example.com', 'Bea Bulk');
  await hr.request('PATCH', `/api/users/${b}`, { active: false });
  const res = await hr.request('POST', '/api/users/invitations', { ids: [a, b, 'ffffffffffffffffffffffff'] });
  t.is(res.status, 200);
  t.deepEqual(res.body.invited.map((i: { id: string }) => i.id), [a]);
  t.deepEqual(res.body.skipped.map((s: { id: string }) => s.id), [b, 'ffffffffffffffffffffffff']);
  t.is((await hr.request('POST', '/api/users/invitations', { ids: ['nope'] })).body.error.field, 'ids.0');
  const emp = anon();
  await app.createUser({ email: 'plain@example.com', password, name: 'Plain Employee', roles: ['employee'] });
  await emp.login('plain@example.com', password);
  t.is((await emp.request('POST', `/api/users/${a}/invitation`)).status, 403);
});

test('forgot password: 202 for known and unknown emails; only the known one gets an email; reset ends other sessions', async (t) => {
  await app.createUser({ email: 'forgetful@example.com', password, name: 'Fay Forgetful', roles: ['employee'] });
  const oldSession = anon();
  await oldSession.login('forgetful@example.com', password);
  const unknown = await anon().request('POST', '/api/password/forgot', { email: 'nobody@example.com' });
  t.is(unknown.status, 202);
  const known = await anon().request('POST', '/api/password/forgot', { email: 'Forgetful@example.com' });
  t.is(known.status, 202);
  t.deepEqual(known.body, unknown.body, 'the same answer either way');
  const mail = await mailTo('forgetful@example.com');
  t.is(await outbox().countDocuments({ to: 'nobody@example.com' }), 0, 'nothing was sent for the unknown email');
  t.is((await mailsTo('forgetful@example.com')).length, 1);
  t.regex(mail.subject, /Reset/);
  t.is((await anon().request('POST', '/api/password/reset', { token: tokenIn(mail), password: 'tangerine ostrich violin' })).status, 200);
  t.is((await oldSession.request('GET', '/api/session')).status, 401, 'the reset ended the old session');
  t.is((await anon().login('forgetful@example.com', password)).status, 401);
  t.is((await anon().login('forgetful@example.com', 'tangerine ostrich violin')).status, 200);
  t.is((await anon().request('POST', '/api/password/forgot', { email: 'not an email' })).body.error.field, 'email');
});

test('forgot password is rate limited the same for unknown emails', async (t) => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await anon().request('POST', '/api/password/forgot', { email: 'ghost-limit@example.com' })).status);
  t.deepEqual(statuses.slice(0, 3), [202, 202, 202]);
  t.is(statuses.at(-1), 429);
});

test('changing one’s own password needs the current one, applies the policy and ends the other sessions', async (t) => {
  await app.createUser({ email: 'changer@example.com', password, name: 'Cho Changer', roles: ['employee'] });
  const here = anon();
  const there = anon();
  await here.login('changer@example.com', password);
  await there.login('changer@example.com', password);
  const wrong = await here.request('POST', '/api/password/change', { currentPassword: 'not it at all', password: 'tangerine ostrich violin' });
  t.is(wrong.body.error.field, 'currentPassword');
  const weak = await here.request('POST', '/api/password/change', { currentPassword: password, password: 'changer password' });
  t.is(weak.body.error.field, 'password');
  t.is((await here.request('POST', '/api/password/change', { currentPassword: password, password: 'tangerine ostrich violin' })).status, 204);
  t.is((await here.request('GET', '/api/session')).status, 200, 'this session stays');
  t.is((await there.request('GET', '/api/session')).status, 401, 'the other one ends');
});

test('admins edit the email templates; placeholders are checked; the company shows in invitations', async (t) => {
  const admin = anon();
  await admin.login('admin@example.com', password);
  const current = await admin.request('GET', '/api/settings/access-emails');
  t.is(current.status, 200);
  t.is((await hr.request('GET', '/api/settings/access-emails')).status, 403);
  const templates = current.body.templates;
  const noLink = await admin.request('PUT', '/api/settings/access-emails', { company: 'Acme Ltd', templates: { ...templates, invitation: { subject: 'Hi', body: 'No link here {{name}}' } } });
  t.is(noLink.status, 400);
  t.is(noLink.body.error.field, 'templates.invitation.body');
  const unknown = await admin.request('PUT', '/api/settings/access-emails', { company: 'Acme Ltd', templates: { ...templates, reset: { subject: 'Hi {{salary}}', body: '{{link}}' } } });
  t.is(unknown.body.error.field, 'templates.reset.subject');
  const saved = await admin.request('PUT', '/api/settings/access-emails', {
    company: 'Acme Ltd',
    templates: { ...templates, invitation: { subject: '{{company}} welcomes you to {{product}}', body: 'Dear {{name}}, start here: {{link}} (until {{expires}})' } },
  });
  t.is(saved.status, 200);
  const id = await newPerson('templated@example.com', 'Tess Template');
  await hr.request('POST', `/api/users/${id}/invitation`);
  const mail = await mailTo('templated@example.com');
  t.is(mail.subject, 'Acme Ltd welcomes you to Learning Hub');
  t.regex(mail.text, /^Dear Tess Template, start here: http:\/\/127\.0\.0\.1:\d+\/set-password\?token=[A-Za-z0-9_-]+ \(until /);
});

test('HSTS only when served over HTTPS (COOKIE_SECURE)', async (t) => {
  t.is((await anon().request('GET', '/health')).headers.get('strict-transport-security'), null);
  const secure = await startTestApp({ COOKIE_SECURE: 'true' });
  t.teardown(() => secure.close());
  t.regex((await new HttpClient(secure.url).request('GET', '/health')).headers.get('strict-transport-security') ?? '', /max-age=\d+/);
});

test('an import applied with invite=true invites the people it created; a second run does not email them again', async (t) => {
  const csv = 'Work Email,Full Name\nimp-1@example.com,Ira Imported\nimp-2@example.com,Ola Imported\nimp-3@example.com,Uma Imported\n';
  const mapping = encodeURIComponent(JSON.stringify({ email: 'Work Email', name: 'Full Name' }));
  const apply = () => hr.request('POST', `/api/people/import?dryRun=false&invite=true&mapping=${mapping}`, csv, { 'content-type': 'text/csv' });
  const first = await apply();
  t.is(first.status, 200);
  t.is(first.body.invitations.invited.length, 3);
  for (const n of [1, 2, 3]) t.regex((await mailTo(`imp-${n}@example.com`)).text, /set-password\?token=/);
  const dry = await hr.request('POST', `/api/people/import?dryRun=true&invite=true&mapping=${mapping}`, csv, { 'content-type': 'text/csv' });
  t.is(dry.body.invitations, undefined, 'a dry run sends nothing');
  const list = await hr.request('GET', '/api/users?q=imp-');
  t.deepEqual(list.body.items.map((u: { invitation: string }) => u.invitation), ['pending', 'pending', 'pending']);
  t.is((await mailsTo('imp-1@example.com')).length, 1);
});
