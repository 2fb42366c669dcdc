/**
 * Shown next to the entry it names, a validation message needs no field label at all
 * (the portal's ApiError already reads "Activity addresses: must be a full activity address…").
 */
export function plainFieldMessage(message: string): string {
  return message.replace(/^[^:]+: /, '');
}

/** The list index a field like `activityIds.3` names, or null. */
export function fieldIndex(field: string | undefined, name: string): number | null {
  const m = field?.match(new RegExp(`^${name}\\.(\\d+)`));
  return m ? Number(m[1]) : null;
}
