/**
 * PATCH bodies (RFC 7644 §3.5.2) checked before scim-patch applies them: the PatchOp
 * schema, an Operations list, ops in any case (Entra sends "Replace"), and paths or
 * path-less value keys naming attributes the resource has.
 */
import { parseAttributePath } from 'scim-query-filter-parser';
import type { ScimPatchOperation } from 'scim-patch';
import { ScimError, type ScimType } from './scim-errors.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from './scim-schemas.js';

const MAX_OPERATIONS = 1000;
const OPS = ['add', 'replace', 'remove'];

/** The attribute a path starts with: `emails[type eq "work"].value` -> emails, `urn:...:User:manager` -> manager. */
function firstAttribute(path: string): string {
  let rest = path.trim();
  for (const urn of [ENTERPRISE_SCHEMA, USER_SCHEMA, GROUP_SCHEMA]) if (rest.toLowerCase().startsWith(urn.toLowerCase() + ':')) rest = rest.slice(urn.length + 1);
  const head = rest.split(/[[.]/)[0]!;
  try {
    return parseAttributePath(head)[0]!.toLowerCase();
  } catch {
    throw new ScimError(400, `path: "${path}" is not an attribute path`, 'invalidPath');
  }
}

function assertKnown(path: string, known: Set<string>): void {
  if (path.toLowerCase() === ENTERPRISE_SCHEMA.toLowerCase()) return;
  if (!known.has(firstAttribute(path))) throw new ScimError(400, `path: "${path}" names an attribute this resource does not have`, 'invalidPath');
}

export function assertPatchBody(body: unknown, known: Set<string>): ScimPatchOperation[] {
  const b = body as { schemas?: unknown; Operations?: unknown } | null;
  if (!b || typeof b !== 'object') throw new ScimError(400, 'body: must be a PatchOp message', 'invalidSyntax');
  if (!Array.isArray(b.schemas) || !b.schemas.includes(PATCH_SCHEMA)) throw new ScimError(400, `schemas: must include ${PATCH_SCHEMA}`, 'invalidValue');
  if (!Array.isArray(b.Operations) || !b.Operations.length) throw new ScimError(400, 'Operations: give at least one operation', 'invalidSyntax');
  if (b.Operations.length > MAX_OPERATIONS) throw new ScimError(400, `Operations: at most ${MAX_OPERATIONS} in one request`, 'tooMany');
  return b.Operations.map((raw: unknown, i: number) => {
    const op = raw as { op?: unknown; path?: unknown; value?: unknown };
    if (!op || typeof op.op !== 'string' || !OPS.includes(op.op.toLowerCase())) throw new ScimError(400, `Operations.${i}.op: must be add, replace or remove`, 'invalidSyntax');
    if (op.path !== undefined && typeof op.path !== 'string') throw new ScimError(400, `Operations.${i}.path: must be a string`, 'invalidPath');
    if (typeof op.path === 'string') assertKnown(op.path, known);
    else if (op.op.toLowerCase() === 'remove') throw new ScimError(400, `Operations.${i}.path: a remove needs a path`, 'noTarget');
    else if (!op.value || typeof op.value !== 'object' || Array.isArray(op.value)) throw new ScimError(400, `Operations.${i}.value: without a path, the value must be an object of attributes`, 'invalidValue');
    else for (const key of Object.keys(op.value)) assertKnown(key, known);
    return { ...op, op: op.op.toLowerCase() } as ScimPatchOperation;
  });
}

/** scim-patch's refusals as SCIM errors. */
export function patchFailure(err: unknown): ScimError {
  const e = err as { scimCode?: string; message?: string };
  const scimType: ScimType = e?.scimCode === 'noTarget' ? 'noTarget' : e?.scimCode === 'invalidPath' ? 'invalidPath' : 'invalidValue';
  return new ScimError(400, `Operations: ${e?.message ?? String(err)}`, scimType);
}
