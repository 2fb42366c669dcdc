/**
 * `npm run admin:create -- --email E --password P [--name N]`: creates the admin, or
 * resets the password of an existing account with that email and makes it an admin.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openRuntime } from '../runtime.js';
import { createUserSchema, passwordSchema } from '../people/user-schema.js';
import { StoreLockedError } from '../store/embedded/index.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const email = createUserSchema.shape.email.safeParse(values.email ?? '');
  if (!email.success) {
    console.error('--email: must be an email address');
    return 2;
  }
  const password = passwordSchema.safeParse(values.password ?? '');
  if (!password.success) {
    console.error(`--password: ${password.error.issues[0]!.message}`);
    return 2;
  }
  const config = loadConfig();
  let runtime;
  try {
    runtime = await openRuntime(config, createLogger('warn'));
  } catch (err) {
    if (err instanceof StoreLockedError) {
      console.error(`${err.message}. Stop the server first, or set ADMIN_EMAIL and ADMIN_PASSWORD and restart it.`);
      return 1;
    }
    throw err;
  }
  try {
    const { user, created } = await runtime.services.people.upsertAdmin({ email: email.data, password: password.data, name: values.name });
    console.log(`${created ? 'Created' : 'Updated'} admin ${user.email} (id ${user.id})`);
    return 0;
  } finally {
    await runtime.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
