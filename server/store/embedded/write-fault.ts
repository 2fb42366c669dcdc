/**
 * Tests only: make the store's writes fail as a full disk does (ENOSPC) without a full
 * disk. The engine asks before each write; test/store-tmpfs-full.test.ts covers a real one.
 */
type Fault = () => NodeJS.ErrnoException | null;
let fault: Fault | null = null;

/** Every later write asks `f` first and fails with the error it returns. */
export function injectWriteFault(f: Fault | null): void {
  fault = f;
}

export function writeFault(): NodeJS.ErrnoException | null {
  return fault?.() ?? null;
}

export function diskFullError(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}
