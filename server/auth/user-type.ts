/** Tell Express that `req.user` is our plain `User`. */
import type { User as LmsUser } from '../people/user-service.js';

declare global {
  namespace Express {
    interface User extends LmsUser {}
  }
}
