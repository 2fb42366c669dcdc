/**
 * Server messages are written for API clients: "typedName: type your full name…",
 * "target.id: not found", "activityIds.2: must be an absolute IRI". People read the
 * field's label instead of its key, and plain words instead of the standard's.
 */

/** Labels of the fields people meet in forms, by the key the API names. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  typedName: 'Your name',
  'target.id': 'What it assigns',
  'target.type': 'Kind',
  'target.title': 'Title shown to people',
  'criteria.manager.id': 'Manager',
  'criteria.departments': 'Departments',
  'criteria.locations': 'Locations',
  'criteria.jobRoles.jobRole': 'Job roles',
  'audience.departments': 'Departments',
  'audience.locations': 'Locations',
  'audience.jobRoles.jobRole': 'Job roles',
  audience: 'Who may enrol',
  open: 'Open for self-enrolment',
  to: 'New name',
  personIds: 'People',
  personId: 'Person',
  activityId: 'Activity address',
  activityIds: 'Activity addresses',
  dueAt: 'Due date',
  email: 'Email',
  name: 'Name',
  employeeId: 'Employee ID',
  jobRole: 'Job role',
  jobLevel: 'Job level',
  hireDate: 'Hire date',
  managerId: 'Manager',
  managerRole: 'Manager view',
  roles: 'Roles',
};

/** `criteria.jobRoles.0.jobRole` -> "Criteria job roles job role": a readable fallback for keys without a label. */
function humanize(field: string): string {
  const words = field
    .split('.')
    .filter((s) => !/^\d+$/.test(s))
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? FIELD_LABELS[field.replace(/\.\d+(?=\.|$)/g, '')] ?? humanize(field);
}

/** The message with its field key replaced by the field's label, and specialist words put plainly. */
export function readableMessage(message: string, field: string | undefined): string {
  let out = message;
  if (field && out.startsWith(`${field}: `)) out = `${fieldLabel(field)}: ${out.slice(field.length + 2)}`;
  return out.replace(/\b(an )?absolute IRI\b/g, (_m, an: string | undefined) => `${an ? 'a ' : ''}full activity address (URL), such as https://vendor.example/course`).replace(/\bIRI\b/g, 'address');
}
