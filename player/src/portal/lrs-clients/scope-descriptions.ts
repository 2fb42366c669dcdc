/**
 * What each xAPI scope (lrs/credentials/scopes.ts) lets a connected tool do, in words an
 * admin who is not an xAPI specialist can choose by. The scope names stay visible as well,
 * because the tool's own setup screen asks for them.
 */
export const SCOPE_DESCRIPTIONS: ReadonlyArray<{ scope: string; text: string }> = [
  { scope: 'statements/write', text: 'Send learning records (completions, scores, progress).' },
  { scope: 'statements/read', text: 'Read every learning record in the LMS.' },
  { scope: 'statements/read/mine', text: 'Read only the learning records this tool sent itself.' },
  { scope: 'state', text: 'Save and read where a learner left off in the tool’s content.' },
  { scope: 'define', text: 'Describe its activities (names and descriptions shown in reports).' },
  { scope: 'profile', text: 'Save and read settings documents about activities and learners.' },
  { scope: 'all/read', text: 'Read everything it could write, without changing anything.' },
  { scope: 'all', text: 'Full access: read and write everything. Give only to tools you fully trust.' },
];
