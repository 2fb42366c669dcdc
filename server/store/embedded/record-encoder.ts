/**
 * Payloads to checksummed records (record-format.ts), UTF-8, in one buffer reused from
 * call to call: allocating a fresh buffer per write, as `Buffer.from` does, costs more
 * than the encoding itself. The returned bytes are valid until the next `encode`, so a
 * caller encodes again only after its write of the previous bytes has finished.
 */
import { RECORD_PREFIX, writeRecord } from './record-format.js';

/** Largest buffer kept between calls: a rare huge write should not pin its memory for good. */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

export class RecordEncoder {
  private scratch: Buffer = Buffer.alloc(0);

  encode(payloads: readonly string[]): Buffer {
    let worst = 0;
    for (const p of payloads) worst += RECORD_PREFIX + p.length * 3 + 1; // at most 3 bytes per UTF-16 unit
    if (this.scratch.length < worst) this.scratch = Buffer.allocUnsafeSlow(Math.max(worst, 2 * this.scratch.length));
    const buf = this.scratch;
    let at = 0;
    for (const p of payloads) {
      const start = at + RECORD_PREFIX;
      const end = start + buf.write(p, start, 'utf8');
      at = writeRecord(buf, at, start, end);
    }
    if (buf.length > MAX_KEPT_BYTES) this.scratch = Buffer.alloc(0);
    return buf.subarray(0, at);
  }
}
