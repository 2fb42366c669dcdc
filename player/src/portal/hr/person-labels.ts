/** Words for a person's sign-in state and the directory's status filter. */
export const SIGN_IN_LABELS: Record<string, string> = {
  'signed-in': 'Active',
  invited: 'Invited',
  'never-signed-in': 'Never signed in',
  deactivated: 'Deactivated',
};

export const STATUS_FILTER_LABELS: Array<[string, string]> = [
  ['', 'Everyone'],
  ['active', 'Not deactivated'],
  ['signed-in', 'Has signed in'],
  ['invited', 'Invited, not signed in yet'],
  ['never-signed-in', 'Never signed in, not invited'],
  ['deactivated', 'Deactivated'],
];

export interface DirectoryPerson {
  id: string;
  name: string;
  email: string;
  roles: string[];
  assignedRoles: string[];
  department?: string;
  location?: string;
  jobRole?: string;
  jobLevel?: string;
  employeeId?: string;
  managerId?: string;
  hireDate?: string;
  active: boolean;
  isPerson: boolean;
  managerRole: 'auto' | 'never';
  signInState: string;
  lastSignInAt?: string;
  invitedAt?: string;
  deactivatedAt?: string;
}
