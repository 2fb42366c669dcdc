/**
 * The one error every manifest check throws. `rule` is a stable code the HTTP layer
 * maps to a 4xx JSON body; `entry` names the offending zip entry, optionally followed
 * by `#` and an element path inside it (e.g. `imsmanifest.xml#/manifest/organizations`).
 */
export type ContentValidationRule =
  | 'manifest_missing'
  | 'manifest_malformed'
  | 'manifest_invalid'
  | 'unknown_schema_version'
  | 'referenced_file_missing'
  | 'reference_outside_package'
  | 'launch_missing';

export class ContentValidationError extends Error {
  override name = 'ContentValidationError';
  readonly rule: ContentValidationRule;
  readonly entry: string;

  constructor(rule: ContentValidationRule, entry: string, message: string) {
    super(message);
    this.rule = rule;
    this.entry = entry;
  }

  toJSON(): { rule: ContentValidationRule; entry: string; message: string } {
    return { rule: this.rule, entry: this.entry, message: this.message };
  }
}
