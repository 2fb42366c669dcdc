/**
 * The server's validation messages read "activityIds.2: must be an absolute IRI"; shown
 * next to the entry they name, the field prefix is noise and "IRI" is a specialist's word.
 */
export function plainFieldMessage(message: string): string {
  return message
    .replace(/^[\w.]+: /, '')
    .replace(/\b(an )?absolute IRI\b/g, (_m, an: string | undefined) => `${an ? 'a ' : ''}full activity address (URL), such as https://vendor.example/course`);
}

/** The list index a field like `activityIds.3` names, or null. */
export function fieldIndex(field: string | undefined, name: string): number | null {
  const m = field?.match(new RegExp(`^${name}\\.(\\d+)`));
  return m ? Number(m[1]) : null;
}
