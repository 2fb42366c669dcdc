/** Fallback logger when the app passes none: warnings and errors still reach stderr. */
import type { JobLogger } from './types.js';

export const consoleJobLogger: JobLogger = {
  warn: (obj, msg) => console.warn(msg ?? 'jobs warning', obj),
  error: (obj, msg) => console.error(msg ?? 'jobs error', obj),
};
