/** The query-parameter checks shared by the xAPI resources. */
import test from 'ava';
import { LrsError } from '../errors.js';
import { agentParam, iriParam, optionalTimestampParam, optionalUuidParam, rejectUnknownParams, validateAgent } from './params.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof LrsError && err.status === 400) return err.field;
    throw err;
  }
  return undefined;
}

test('agents need exactly one well-formed IFI', (t) => {
  t.notThrows(() => validateAgent({ mbox: 'mailto:a@example.com' }, 'agent'));
  t.notThrows(() => validateAgent({ objectType: 'Agent', mbox_sha1sum: 'cd2f5e2fb1bd4c4b7a5c3e4cb4f0d8dbf1b0c8e7' }, 'agent'));
  t.notThrows(() => validateAgent({ openid: 'http://openid.example.org/12345' }, 'agent'));
  t.notThrows(() => validateAgent({ name: 'A', account: { homePage: 'http://www.example.com', name: '1625378' } }, 'agent'));
  t.is(fieldOf(() => validateAgent({ name: 'no ifi' }, 'agent')), 'agent');
  // The second identifier is the property at fault.
  t.is(fieldOf(() => validateAgent({ mbox: 'mailto:a@example.com', openid: 'http://o.example/a' }, 'agent')), 'agent.openid');
  t.is(fieldOf(() => validateAgent({ mbox: 'a@example.com' }, 'agent')), 'agent.mbox');
  t.is(fieldOf(() => validateAgent({ mbox: 'mailto:' }, 'agent')), 'agent.mbox');
  t.is(fieldOf(() => validateAgent({ mbox_sha1sum: 'abc' }, 'agent')), 'agent.mbox_sha1sum');
  t.is(fieldOf(() => validateAgent({ openid: 'not an iri' }, 'agent')), 'agent.openid');
  t.is(fieldOf(() => validateAgent({ account: { homePage: 'www.example.com', name: 'x' } }, 'agent')), 'agent.account.homePage');
  t.is(fieldOf(() => validateAgent({ account: { homePage: 'http://www.example.com', name: 'x', extra: 1 } }, 'agent')), 'agent.account.extra');
  t.is(fieldOf(() => validateAgent({ mbox: 'mailto:a@example.com', nickname: 'x' }, 'agent')), 'agent.nickname');
  t.is(fieldOf(() => validateAgent({ mbox: 'mailto:a@example.com', name: 3 }, 'agent')), 'agent.name');
  t.is(fieldOf(() => validateAgent([{ mbox: 'mailto:a@example.com' }], 'agent')), 'agent');
  t.is(fieldOf(() => validateAgent(true, 'agent')), 'agent');
});

test('groups only where allowed, and only identified ones', (t) => {
  const group = { objectType: 'Group', mbox: 'mailto:team@example.com', member: [{ mbox: 'mailto:a@example.com' }] };
  t.is(fieldOf(() => validateAgent(group, 'agent')), 'agent.objectType');
  t.notThrows(() => validateAgent(group, 'agent', { allowGroup: true }));
  // An anonymous Group is identified only by its members: none is the fault.
  t.is(fieldOf(() => validateAgent({ objectType: 'Group', member: [] }, 'agent', { allowGroup: true })), 'agent.member');
  t.is(fieldOf(() => validateAgent({ objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] }, 'agent', { allowGroup: true })), 'agent', 'an anonymous Group has no identity to key documents by');
  t.is(fieldOf(() => validateAgent({ mbox: 'mailto:a@example.com', member: [] }, 'agent', { allowGroup: true })), 'agent.member');
});

test('agentParam parses JSON and names the parameter when it is not JSON', (t) => {
  t.deepEqual(agentParam({ agent: '{"mbox":"mailto:a@example.com"}' }, 'agent'), { mbox: 'mailto:a@example.com' });
  t.is(fieldOf(() => agentParam({ agent: '{"mbox":' }, 'agent')), 'agent');
  t.is(fieldOf(() => agentParam({}, 'agent')), 'agent');
});

test('IRI, UUID and timestamp formats', (t) => {
  t.is(iriParam({ activityId: 'urn:x:1' }, 'activityId'), 'urn:x:1');
  t.is(fieldOf(() => iriParam({ activityId: 'no scheme' }, 'activityId')), 'activityId');
  t.is(fieldOf(() => iriParam({ activityId: '' }, 'activityId')), 'activityId');
  t.is(fieldOf(() => iriParam({ activityId: ['http://a', 'http://b'] }, 'activityId')), 'activityId');
  t.is(optionalUuidParam({ registration: 'ABCDEF01-2345-4789-8ABC-DEF012345678' }, 'registration'), 'abcdef01-2345-4789-8abc-def012345678');
  t.is(optionalUuidParam({}, 'registration'), undefined);
  t.is(fieldOf(() => optionalUuidParam({ registration: 'abcdef01' }, 'registration')), 'registration');
  t.is(optionalTimestampParam({ since: '2024-01-01T01:00:00+01:00' }, 'since')?.toISOString(), '2024-01-01T00:00:00.000Z');
  t.is(optionalTimestampParam({ since: '2024-01-01T00:00:00.123456Z' }, 'since')?.toISOString(), '2024-01-01T00:00:00.123Z');
  t.is(fieldOf(() => optionalTimestampParam({ since: '2024-01-01T00:00:00' }, 'since')), 'since');
});

test('unknown parameters, and parameters in the wrong case, are refused by name', (t) => {
  t.notThrows(() => rejectUnknownParams({ activityId: 'x' }, ['activityId', 'since']));
  t.is(fieldOf(() => rejectUnknownParams({ activityId: 'x', foo: 'y' }, ['activityId'])), 'foo');
  t.is(fieldOf(() => rejectUnknownParams({ ActivityId: 'x' }, ['activityId'])), 'ActivityId');
});
