/** One pino logger for the process; JSON lines, level from LOG_LEVEL. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'lms' }, redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.passwordHash'] });
}
