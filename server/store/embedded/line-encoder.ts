/**
 * Lines of text to UTF-8 bytes, each followed by a newline, in one buffer reused from call
 * to call: allocating a fresh buffer per write, as `Buffer.from` does, costs more than
 * the encoding itself. The returned bytes are valid until the next `encode`, so a caller
 * encodes again only after its write of the previous bytes has finished.
 */

/** Largest buffer kept between calls: a rare huge write should not pin its memory for good. */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

export class LineEncoder {
  private scratch: Buffer = Buffer.alloc(0);

  encode(lines: readonly string[]): Buffer {
    let worst = 0;
    for (const line of lines) worst += line.length * 3 + 1; // at most 3 bytes per UTF-16 unit
    if (this.scratch.length < worst) this.scratch = Buffer.allocUnsafeSlow(Math.max(worst, 2 * this.scratch.length));
    const buf = this.scratch;
    let at = 0;
    for (const line of lines) {
      at += buf.write(line, at, 'utf8');
      buf[at++] = 0x0a;
    }
    if (buf.length > MAX_KEPT_BYTES) this.scratch = Buffer.alloc(0);
    return buf.subarray(0, at);
  }
}
