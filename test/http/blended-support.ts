/** People and signed-in clients for the blended learning HTTP tests. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import type { Role } from '../../server/people/roles.js';

export const PASSWORD = 'Correct-Horse-Battery-42';

export async function blendedSetup() {
  const app: TestApp = await startTestApp();
  const make = async (email: string, name: string, roles: Role[], extra: { managerId?: string; jobRole?: string; hireDate?: string } = {}) =>
    (await app.runtime.services.people.create({ email, password: PASSWORD, name, roles, ...extra })).id;
  const hr = await make('hr@example.com', 'Hana HR', ['hr']);
  const boss = await make('boss@example.com', 'Bea Boss', ['employee']);
  const ava = await make('ava@example.com', 'Ava Stone', ['employee'], { managerId: boss, hireDate: '2026-11-02' });
  const ben = await make('ben@example.com', 'Ben Okafor', ['employee'], { managerId: boss });
  const ivy = await make('ivy@example.com', 'Ivy Tech', ['employee'], { jobRole: 'IT' });
  const tom = await make('tom@example.com', 'Tom Trainer', ['employee']);
  const as = async (email: string) => {
    const c = new HttpClient(app.url);
    await c.login(email, PASSWORD);
    return c;
  };
  return {
    app,
    ids: { hr, boss, ava, ben, ivy, tom },
    hr: await as('hr@example.com'),
    boss: await as('boss@example.com'),
    ava: await as('ava@example.com'),
    ben: await as('ben@example.com'),
    ivy: await as('ivy@example.com'),
    tom: await as('tom@example.com'),
  };
}
