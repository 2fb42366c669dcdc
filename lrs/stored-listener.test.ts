/** `lrs.onStored`: hosts hear of statements once they are stored, whoever wrote them; a listener cannot fail a write. */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { startLrsTestServer } from './test-support/lrs-test-server.js';

const statement = (name: string) => ({
  actor: { account: { homePage: 'https://lms.example.com', name } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/passed' },
  object: { id: 'https://lms.example.com/courses/fire-safety' },
});

test('listeners hear HTTP and internal writes after they are stored; a failing listener does not fail the write', async (t) => {
  const server = await startLrsTestServer();
  t.teardown(() => server.close());
  const heard: Array<{ actor: unknown; verb: { id: string }; object: unknown }> = [];
  const off = server.lrs.onStored((statements) => {
    for (const s of statements) heard.push({ actor: s.actor, verb: s.verb, object: s.object });
  });
  const broken = [
    server.lrs.onStored(() => {
      throw new Error('a broken listener (logged)');
    }),
    server.lrs.onStored(async () => {
      throw new Error('a broken async listener (logged)');
    }),
  ];

  const id = randomUUID();
  const res = await server.request('PUT', `/statements?statementId=${id}`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(statement('alice')) });
  t.is(res.status, 204, 'the write succeeds although two listeners throw');
  t.is(heard.length, 1);
  t.deepEqual(heard[0]!.actor, statement('alice').actor);
  t.is(heard[0]!.verb.id, 'http://adlnet.gov/expapi/verbs/passed');
  t.truthy(await server.lrs.statements.repo.findOne(id, false), 'and it is stored');
  for (const unsubscribe of broken) unsubscribe();

  const write = await server.lrs.internalWriter('LMS');
  await write([statement('bob'), statement('carol')]);
  t.deepEqual(
    heard.slice(1).map((h) => (h.actor as { account: { name: string } }).account.name),
    ['bob', 'carol'],
    'a batch is heard as one call with its statements in order',
  );

  // A refused batch is not heard of.
  await t.throwsAsync(() => write({ actor: {}, verb: { id: 'x' }, object: { id: 'y' } }));
  t.is(heard.length, 3);

  off();
  await write(statement('dave'));
  t.is(heard.length, 3, 'unsubscribed');
});
