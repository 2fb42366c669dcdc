import test from 'ava';
import { RecordEncoder } from './record-encoder.js';
import { encodeRecord, readLine } from './record-format.js';

test('payloads come out as checksummed UTF-8 records, one line each, across growing and shrinking calls', (t) => {
  const encoder = new RecordEncoder();
  const calls = [['a', 'é€😀'], ['x'.repeat(10_000), '{"k":"\u0000\u2028"}'], [''], ['short', 'ü']];
  for (const payloads of calls) {
    const out = Buffer.from(encoder.encode(payloads));
    t.deepEqual(out, Buffer.concat(payloads.map(encodeRecord)));
    const lines = out.toString('utf8').split('\n').slice(0, -1);
    t.deepEqual(lines.map((l) => readLine(Buffer.from(l, 'utf8'), (p) => p).kind), payloads.map(() => 'record'));
  }
});

test('a record with one byte changed is damaged, not read', (t) => {
  const rec = encodeRecord('{"op":"ins","c":"statements"}');
  rec[25] = 0;
  t.is(readLine(rec.subarray(0, rec.length - 1), (p) => JSON.parse(p)).kind, 'damaged');
});
