import test from 'ava';
import { createMongooseConnection } from '../store/mongoose.js';
import { openTestStore } from '../../test/helpers/test-store.js';
import { userModel } from './user-model.js';
import { createPeopleService, type Actor } from './user-service.js';
import { ConflictError, ForbiddenError, ValidationError } from '../http/errors.js';

async function setup() {
  const store = await openTestStore();
  const conn = createMongooseConnection(store);
  const users = userModel(conn);
  await users.init();
  const people = createPeopleService(users);
  return { store, conn, people, close: async () => { await conn.close(); await store.close(); } };
}

const hr: Actor = { id: '000000000000000000000001', roles: ['hr'] };
const admin: Actor = { id: '000000000000000000000002', roles: ['admin'] };

test('creates people with org fields and verifies their password', async (t) => {
  const { people, close } = await setup();
  const boss = await people.create({ email: 'Boss@Example.com', name: 'Bea Boss', roles: ['manager'], password: 'correct horse battery' }, hr);
  const emp = await people.create(
    { email: 'emp@example.com', name: 'Eli', roles: ['employee'], department: 'Sales', location: 'Leeds', jobRole: 'Account Executive', jobLevel: 'L2', managerId: boss.id, hireDate: '2026-03-01', password: 'another long secret' },
    hr,
  );
  t.is(boss.email, 'boss@example.com', 'emails are normalised');
  t.is(emp.managerId, boss.id);
  t.is(emp.hireDate, '2026-03-01');
  t.is(emp.department, 'Sales');
  t.is((emp as unknown as { passwordHash?: string }).passwordHash, undefined, 'no hash leaves the service');
  t.truthy(await people.verifyCredentials('BOSS@example.com', 'correct horse battery'));
  t.is(await people.verifyCredentials('boss@example.com', 'wrong password!!'), null);
  t.is(await people.verifyCredentials('nobody@example.com', 'whatever'), null);
  await people.update(emp.id, { active: false }, hr);
  t.is(await people.verifyCredentials('emp@example.com', 'another long secret'), null, 'inactive people cannot log in');
  await close();
});

test('duplicate emails are a 409 naming the field', async (t) => {
  const { people, close } = await setup();
  await people.create({ email: 'a@example.com', name: 'A', roles: ['employee'] }, hr);
  const err = await t.throwsAsync(() => people.create({ email: 'A@example.com', name: 'A2', roles: ['employee'] }, hr), { instanceOf: ConflictError });
  t.is(err!.field, 'email');
  t.is((await people.list({ limit: 10, offset: 0 })).total, 1);
  await close();
});

test('only admins grant or remove the admin role', async (t) => {
  const { people, close } = await setup();
  await t.throwsAsync(() => people.create({ email: 'x@example.com', name: 'X', roles: ['admin'] }, hr), { instanceOf: ForbiddenError });
  const x = await people.create({ email: 'x@example.com', name: 'X', roles: ['admin'] }, admin);
  await t.throwsAsync(() => people.update(x.id, { roles: ['employee'] }, hr), { instanceOf: ForbiddenError });
  t.deepEqual((await people.update(x.id, { roles: ['employee'] }, admin)).roles, ['employee']);
  await close();
});

test('manager chains: unknown managers and reporting cycles are rejected; managers see their whole line', async (t) => {
  const { people, close } = await setup();
  const a = await people.create({ email: 'a@x.io', name: 'A', roles: ['manager'] }, hr);
  const b = await people.create({ email: 'b@x.io', name: 'B', roles: ['manager'], managerId: a.id }, hr);
  const c = await people.create({ email: 'c@x.io', name: 'C', roles: ['employee'], managerId: b.id }, hr);
  const unknown = await t.throwsAsync(() => people.create({ email: 'd@x.io', name: 'D', roles: ['employee'], managerId: 'ffffffffffffffffffffffff' }, hr), { instanceOf: ValidationError });
  t.is(unknown!.field, 'managerId');
  const cycle = await t.throwsAsync(() => people.update(a.id, { managerId: c.id }, hr), { instanceOf: ValidationError });
  t.regex(cycle!.message, /cycle/);
  t.true(await people.canView(a, c.id), 'skip-level manager sees C');
  t.false(await people.canView(b, a.id), 'B does not see their own manager');
  t.false(await people.canView(c, b.id));
  t.true(await people.canView(c, c.id));
  const cleared = await people.update(c.id, { managerId: null }, hr);
  t.is(cleared.managerId, undefined);
  await close();
});

test('list filters by department, role and text, with paging', async (t) => {
  const { people, close } = await setup();
  for (let i = 0; i < 12; i++) {
    await people.create({ email: `p${i}@x.io`, name: `Person ${String(i).padStart(2, '0')}`, roles: i % 3 === 0 ? ['manager'] : ['employee'], department: i % 2 ? 'Ops' : 'HR' }, hr);
  }
  const ops = await people.list({ department: 'Ops', limit: 4, offset: 0 });
  t.is(ops.total, 6);
  t.is(ops.items.length, 4);
  t.deepEqual(ops.items.map((p) => p.name), ['Person 01', 'Person 03', 'Person 05', 'Person 07']);
  const managers = await people.list({ role: 'manager', limit: 100, offset: 0 });
  t.is(managers.total, 4);
  const search = await people.list({ q: 'person 1', limit: 100, offset: 0 });
  t.deepEqual(search.items.map((p) => p.email).sort(), ['p10@x.io', 'p11@x.io']);
  await close();
});

test('upsertAdmin creates once, then resets the password and keeps one account', async (t) => {
  const { people, close } = await setup();
  const first = await people.upsertAdmin({ email: 'root@example.com', password: 'first password 1' });
  t.true(first.created);
  const second = await people.upsertAdmin({ email: 'ROOT@example.com', password: 'second password 2' });
  t.false(second.created);
  t.is(second.user.id, first.user.id);
  t.is(await people.verifyCredentials('root@example.com', 'first password 1'), null);
  t.truthy(await people.verifyCredentials('root@example.com', 'second password 2'));
  t.is(await people.count(), 1);
  await close();
});
