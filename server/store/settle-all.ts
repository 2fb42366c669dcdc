/**
 * Wait for every one of some writes issued together, then throw the first failure: unlike
 * Promise.all, nothing is left running (or unobserved) behind a rejection.
 */
export async function settleAll(writes: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
