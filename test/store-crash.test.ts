/**
 * Crash safety: a child process writing acknowledged documents is killed with SIGKILL
 * mid-stream (while background compactions also run); on reopen every acknowledged
 * document is there and the journal is readable.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import test from 'ava';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { tempDir } from './helpers/temp-dir.js';

const writer = path.resolve('test/fixtures/crash-writer.ts');

function runAndKill(dir: string, firstSeq: number, killAfterAcks: number): Promise<Set<number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import=tsx', writer, dir, String(firstSeq)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked = new Set<number>();
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) acked.add(Number(line));
      if (acked.size >= killAfterAcks && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited before it was killed (signal ${signal})`));
      else resolve(acked);
    });
  });
}

test('SIGKILL mid-stream loses no acknowledged write', async (t) => {
  const dir = tempDir('crash-');
  const allAcked = new Set<number>();
  // Three crashes in a row on the same directory: recovery itself must leave a sound store.
  for (const [round, killAfter] of [3000, 5000, 2000].entries()) {
    const before = allAcked.size;
    const acked = await runAndKill(dir, round * 1_000_000, killAfter);
    for (const id of acked) allAcked.add(id);
    t.true(acked.size >= killAfter, `round acknowledged ${acked.size}`);
    const store = await openEmbeddedStore({ dir });
    const c = store.db.collection('acked');
    const present = new Set((await c.find({}, { projection: { seq: 1 } }).toArray()).map((d) => d.seq as number));
    const missing = [...acked].filter((id) => !present.has(id));
    t.deepEqual(missing, [], 'every acknowledged document survived');
    t.true(present.size >= before, 'earlier rounds survived too');
    await store.close();
  }
});
