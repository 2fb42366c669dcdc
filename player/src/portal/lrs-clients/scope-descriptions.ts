/**
 * What each xAPI scope (lrs/credentials/scopes.ts) lets a connected tool do, in words an
 * admin who is not an xAPI specialist can choose by. The scope names stay visible as well,
 * because the tool's own setup screen asks for them.
 */
export const SCOPE_DESCRIPTIONS: ReadonlyArray<{ scope: string; short: string; text: string }> = [
  { scope: 'statements/write', short: 'send records', text: 'Send learning records (completions, scores, progress).' },
  { scope: 'statements/read', short: 'read all records', text: 'Read every learning record in the LMS.' },
  { scope: 'statements/read/mine', short: 'read its own records', text: 'Read only the learning records this tool sent itself.' },
  { scope: 'state', short: 'save learners’ places', text: 'Save and read where a learner left off in the tool’s content.' },
  { scope: 'define', short: 'describe activities', text: 'Describe its activities (names and descriptions shown in reports).' },
  { scope: 'profile', short: 'settings documents', text: 'Save and read settings documents about activities and learners.' },
  { scope: 'all/read', short: 'read everything', text: 'Read everything it could write, without changing anything.' },
  { scope: 'all', short: 'full access', text: 'Full access: read and write everything. Give only to tools you fully trust.' },
];

/** The short plain words for a scope, as the list of clients shows it. */
export function scopeShort(scope: string): string {
  return SCOPE_DESCRIPTIONS.find((s) => s.scope === scope)?.short ?? scope;
}
