/** Tell Express that `req.user` is our plain `User`. */
import type { User as LmsUser } from '../people/user-service.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends LmsUser {}
  }
}

export {};
