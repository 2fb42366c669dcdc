/**
 * Job ids: a job's global id is `${queue}:${localId}`, so one lookup (`GET /api/jobs/:id`)
 * can find a job in any queue. Queue names therefore never contain ':'.
 */

const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function assertQueueName(name: string): void {
  if (!QUEUE_NAME.test(name)) {
    throw new TypeError(`Invalid queue name ${JSON.stringify(name)}: use letters, digits, '-', '_', '.'`);
  }
}

export function globalJobId(queue: string, localId: string): string {
  return `${queue}:${localId}`;
}

/** Splits at the first ':'; null when the id has no queue part. */
export function parseGlobalJobId(id: string): { queue: string; localId: string } | null {
  const colon = id.indexOf(':');
  if (colon <= 0 || colon === id.length - 1) return null;
  return { queue: id.slice(0, colon), localId: id.slice(colon + 1) };
}

/**
 * Local ids to try for an id given to `queue.getJob`: a global id of this queue is
 * stripped first; the raw id is tried too, since a caller's jobId may itself contain ':'.
 */
export function localIdCandidates(queue: string, id: string): string[] {
  const prefix = `${queue}:`;
  return id.startsWith(prefix) && id.length > prefix.length ? [id.slice(prefix.length), id] : [id];
}
