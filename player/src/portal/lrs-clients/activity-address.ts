/**
 * The check an activity address must pass before it is sent: an absolute URL or IRI
 * (a scheme, a colon, no spaces), as the server's `activityIds` rule demands. Checking
 * here saves a round trip; the server still decides, and its message is shown too.
 */
const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/** Null when the address looks right, else what to fix, in plain words. */
export function activityAddressProblem(value: string): string | null {
  const v = value.trim();
  if (!v) return 'Enter the activity’s address.';
  if (v.length > 2000) return 'That address is too long (2,000 characters at most).';
  if (!ABSOLUTE_IRI.test(v)) return 'Enter a full address starting with its scheme, such as https://vendor.example/courses/fire-safety.';
  return null;
}
