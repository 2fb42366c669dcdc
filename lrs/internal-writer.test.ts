/** The LMS writes its own statements through the service, under an internal client's authority. */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { basicHeader, startLrsTestServer } from './test-support/lrs-test-server.js';

test('internal writes carry the internal authority, are readable over HTTP, and the client cannot log in', async (t) => {
  const lrs = await startLrsTestServer();
  t.teardown(() => lrs.close());
  const write = await lrs.lrs.internalWriter('Learning Hub');
  const id = randomUUID();
  const [stored] = await write({
    id,
    actor: { mbox: 'mailto:new.hire@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/launched' },
    object: { id: 'https://lms.example.com/courses/onboarding' },
  });
  t.is(stored, id);
  const res = await lrs.request('GET', `/statements?statementId=${id}`);
  t.is(res.status, 200);
  const body = (await res.json()) as { authority: { name: string; account: { name: string } } };
  t.is(body.authority.name, 'Learning Hub');
  t.is(body.authority.account.name, 'internal-learning-hub');
  // Same name, same identity: a second writer reuses the client.
  const again = await lrs.lrs.internalWriter('Learning Hub');
  await again({ actor: { mbox: 'mailto:new.hire@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/launched' }, object: { id: 'https://lms.example.com/x' } });
  t.is((await lrs.lrs.credentials.list()).filter((c) => c.name === 'Learning Hub').length, 0, 'internal clients are not listed for admins');
  // Invalid statements are refused here as over HTTP.
  await t.throwsAsync(() => write({ actor: {}, verb: { id: 'x' }, object: { id: 'y' } }), { message: /actor/ });
  // No secret works for it.
  const probe = await fetch(`${lrs.endpoint}/statements`, { headers: { authorization: basicHeader('internal-learning-hub', ''), 'x-experience-api-version': '1.0.3' } });
  t.is(probe.status, 401);
});
