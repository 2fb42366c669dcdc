/** What the blended services need from the rest of the LMS. */
import type { StatementWriter } from '../../lrs/index.js';
import type { Mailer } from '../notifications/mailer.js';
import type { User } from '../people/user-service.js';
import type { BlendedCollections } from './blended-model.js';

export interface BlendedDeps {
  cols: BlendedCollections;
  /** PUBLIC_URL: home page of accounts and minted activities. */
  homePage: string;
  /** The LMS's own statement writer: what it writes counts as the LMS's record (completion-authority.ts). */
  writer: () => Promise<StatementWriter>;
  people: { get(id: string): Promise<User | null> };
  mailer: Mailer;
  /** The From address (the ICS organizer). */
  mailFrom: string;
  now: () => Date;
  /** Where evidence files are kept (DATA_DIR/blended-evidence). */
  evidenceDir: string;
}

/** Writes one statement; a 409 (the same derived id written before) is the repeat we wanted to be a no-op. */
export async function writeOnce(deps: BlendedDeps, statement: object): Promise<void> {
  const write = await deps.writer();
  try {
    await write(statement);
  } catch (err) {
    if ((err as { status?: number }).status !== 409) throw err;
  }
}
