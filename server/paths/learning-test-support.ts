/**
 * Test support for the learning domains: a fresh store, the LRS, people and the learning
 * services on a controllable clock, and a way to post statements as an external tool would.
 */
import { lmsCompletionAuthority } from '../lms-completion-authority.js';
import { createCertificationAllowances } from '../lrs-admin/certification-allowances.js';
import { createLrs } from '../../lrs/index.js';
import { openTestStore } from '../../test/helpers/test-store.js';
import { learnerAgent, VERBS } from '../learning-record/identity.js';
import { userModel } from '../people/user-model.js';
import { createPeopleService, type User } from '../people/user-service.js';
import type { Role } from '../people/roles.js';
import { createMongooseConnection } from '../store/mongoose.js';
import { createLearningServices } from './learning-services.js';

export const HOME = 'https://lms.example.com';

export async function setupLearning() {
  const store = await openTestStore();
  const conn = createMongooseConnection(store);
  const users = userModel(conn);
  await users.init();
  const people = createPeopleService(users);
  let clock = new Date('2026-01-05T09:00:00Z');
  const now = () => new Date(clock);
  const lrs = await createLrs({ db: store.db, authorityHomePage: `${HOME}/xapi/clients`, now, settleLagMs: 0 });
  const learning = await createLearningServices({ conn, lrs, people, homePage: HOME, now, authority: lmsCompletionAuthority(lrs, createCertificationAllowances(store.db), HOME) });
  const tool = await lrs.internalWriter('external-tool');
  return {
    people,
    lrs,
    learning,
    /** Moves the clock on (ratings, statements and signatures are stamped with it). */
    advance(ms = 60_000) {
      clock = new Date(clock.getTime() + ms);
    },
    async person(name: string, extra: { roles?: Role[]; jobRole?: string; jobLevel?: string; managerId?: string } = {}): Promise<User> {
      const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
      return people.create({ email, name, roles: extra.roles ?? ['employee'], jobRole: extra.jobRole, jobLevel: extra.jobLevel, managerId: extra.managerId });
    },
    /** A statement by the person, as an external tool or content would post it. */
    async record(person: User, activityId: string, verb: string = VERBS.completed, score?: number): Promise<string> {
      const statement: Record<string, unknown> = { actor: learnerAgent(person, HOME), verb: { id: verb }, object: { id: activityId }, timestamp: now().toISOString() };
      if (score !== undefined) statement.result = { score: { scaled: score } };
      const [id] = await tool(statement);
      return id!;
    },
    async close() {
      await conn.close();
      await store.close();
    },
  };
}
