/**
 * The one place the store's journal and snapshot bytes reach a file descriptor, so a test
 * can make writes fail as a full disk does (ENOSPC) without a full disk.
 */
import fs from 'node:fs';

type Fault = (fd: number, bytes: number) => NodeJS.ErrnoException | null;
let fault: Fault | null = null;

/** Tests only: every later write asks `f` first and fails with the error it returns. */
export function injectWriteFault(f: Fault | null): void {
  fault = f;
}

export function writeAll(fd: number, buf: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      const injected = fault?.(fd, buf.length - offset);
      if (injected) return reject(injected);
      fs.write(fd, buf, offset, buf.length - offset, null, (err, written) => {
        if (err) return reject(err);
        if (offset + written < buf.length) step(offset + written);
        else resolve();
      });
    };
    step(0);
  });
}

export function diskFullError(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}
