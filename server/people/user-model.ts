/** People: the mongoose model. Services map documents to `User` (plain data) before returning. */
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { MANAGER_ROLES, ROLES, type ManagerRole, type Role } from './roles.js';

export interface PasswordTokenDoc {
  hash: string;
  purpose: 'invitation' | 'reset';
  expiresAt: Date;
}

export interface UserDoc {
  _id: Types.ObjectId;
  email: string;
  name: string;
  passwordHash?: string;
  roles: Role[];
  department?: string;
  location?: string;
  jobRole?: string;
  jobLevel?: string;
  managerId?: Types.ObjectId;
  hireDate?: Date;
  employeeId?: string;
  active: boolean;
  /** The last invitation sent (see server/auth/access-service.ts), when its link stops working, and when a password was first set from a link. */
  invitedAt?: Date;
  invitationExpiresAt?: Date;
  invitationAcceptedAt?: Date;
  lastSignInAt?: Date;
  /** The one live set-password link (invitation or reset): only its SHA-256 is kept; a newer one replaces it. */
  passwordToken?: PasswordTokenDoc;
  /** Counted as a learner ("everyone" rules, dashboards). Absent on older records: see countsAsPerson. */
  isPerson?: boolean;
  /** 'never': no manager view from having direct reports (absent = 'auto'). */
  managerRole?: ManagerRole;
  /** When the account was last deactivated (kept for the person page). */
  deactivatedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDoc>(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    passwordHash: { type: String },
    roles: { type: [String], enum: ROLES, default: ['employee'] },
    department: String,
    location: String,
    jobRole: String,
    jobLevel: String,
    managerId: { type: Schema.Types.ObjectId, ref: 'User' },
    hireDate: Date,
    employeeId: String,
    active: { type: Boolean, default: true },
    invitedAt: Date,
    invitationExpiresAt: Date,
    invitationAcceptedAt: Date,
    lastSignInAt: Date,
    passwordToken: { type: new Schema({ hash: String, purpose: String, expiresAt: Date }, { _id: false }), default: undefined },
    isPerson: Boolean,
    managerRole: { type: String, enum: MANAGER_ROLES },
    deactivatedAt: Date,
  },
  { timestamps: true, collection: 'users' },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ employeeId: 1 }, { unique: true, sparse: true });
userSchema.index({ managerId: 1 });
userSchema.index({ department: 1 });
userSchema.index({ 'passwordToken.hash': 1 }, { sparse: true });
// The directory sorts by name and pages; its filters narrow by these.
userSchema.index({ name: 1, _id: 1 });
userSchema.index({ location: 1 });
userSchema.index({ roles: 1 });
userSchema.index({ active: 1 });

export type UserModel = Model<UserDoc>;

export function userModel(conn: Connection): UserModel {
  return (conn.models.User as UserModel | undefined) ?? conn.model<UserDoc>('User', userSchema);
}
