/**
 * The learning record as the LMS's reports read it: the LRS's record reader with every
 * statement its source may not assert left out (CompletionAuthority), so a forged
 * completion moves no report, course list or performance measure. Paging is unchanged:
 * `lastOrd` is still the last record examined, so checkpoints move past what was dropped.
 * The evidence pack reads the raw record instead: it lists everything, with a `counted` column.
 */
import type { CompletionAuthority } from './completion-authority.js';
import type { RecordPage, RecordReader } from './records.js';

export function trustedRecordReader(records: RecordReader, authority: CompletionAuthority): RecordReader {
  async function keepCounted(page: RecordPage): Promise<RecordPage> {
    const judge = await authority.judgeFor(page.statements);
    return { statements: page.statements.filter((s) => judge(s).counts), lastOrd: page.lastOrd };
  }
  return {
    ...records,
    find: async (q) => keepCounted(await records.find(q)),
    async *pages(q) {
      for await (const page of records.pages(q)) yield keepCounted(page);
    },
  };
}
