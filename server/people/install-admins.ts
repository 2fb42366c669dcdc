/**
 * Accounts made by admin:create / ADMIN_EMAIL before `isPerson` existed carry only the admin
 * role and no flag: mark them as not people once, at start, so "everyone" leaves them out.
 * Anyone HR created or imported has other roles (or the flag) and is untouched.
 */
import type { UserModel } from './user-model.js';

export async function markInstallAdmins(users: UserModel): Promise<number> {
  const res = await users.updateMany({ isPerson: { $exists: false }, roles: ['admin'] }, { $set: { isPerson: false } }, { timestamps: false }).exec();
  return res.modifiedCount;
}
