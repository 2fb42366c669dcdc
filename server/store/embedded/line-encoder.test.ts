import test from 'ava';
import { LineEncoder } from './line-encoder.js';

test('lines come out as UTF-8 with a newline after each, across growing and shrinking calls', (t) => {
  const encoder = new LineEncoder();
  const calls = [['a', 'é€😀'], ['x'.repeat(10_000), '{"k":"\u0000\u2028"}'], [''], ['short', 'ü']];
  for (const lines of calls) {
    t.deepEqual(Buffer.from(encoder.encode(lines)), Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8'));
  }
});
