/** Names of package kinds as authors and learners know them. */
const KIND_LABELS: Readonly<Record<string, string>> = { scorm12: 'SCORM 1.2', scorm2004: 'SCORM 2004', cmi5: 'cmi5', xapi: 'xAPI' };

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}
