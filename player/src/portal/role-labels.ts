/** Words HR teams use for the role codes the server sends. */
const ROLE_LABELS: Readonly<Record<string, string>> = {
  employee: 'Employee',
  manager: 'Manager',
  hr: 'HR',
  author: 'Content author',
  admin: 'Administrator',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}
