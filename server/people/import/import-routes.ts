/** `POST /api/people/import` (dry run or apply) and saved column mappings; HR and admins. */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../../auth/require-role.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { jsonBody } from '../../http/json-body.js';
import { parseInput } from '../../http/validate.js';
import { IMPORT_FIELDS, ImportInputError, type ColumnMapping } from './import-plan.js';
import type { ImportService } from './import-service.js';
import { readCsvBody } from './read-csv-body.js';

/** Sends invitations after an apply (server/auth/access-service.ts). */
export interface ImportInviter {
  inviteImported(ids: string[]): Promise<{ invited: unknown[]; skipped: unknown[] }>;
}

const mappingSchema = z.partialRecord(z.enum(IMPORT_FIELDS), z.string().trim().max(200));
const querySchema = z.object({
  dryRun: z.enum(['true', 'false']).default('true'),
  mode: z.enum(['full', 'partial']).default('partial'),
  mapping: z.string().max(10_000).optional(),
  mappingName: z.string().trim().min(1).max(100).optional(),
  /** On apply: invite the people the run created or updated who cannot sign in yet. */
  invite: z.enum(['true', 'false']).default('false'),
});
const saveSchema = z.object({ mapping: mappingSchema }).strict();

export function createImportRouter(imports: ImportService, inviter?: ImportInviter): Router {
  const router = Router();
  router.use('/api/people/import/mappings', ...jsonBody());

  router.post('/api/people/import', requireRole('hr', 'admin'), async (req, res) => {
    const q = parseInput(querySchema, req.query, 'query');
    const { csv, fields } = await readCsvBody(req);
    const mapping = await resolveMapping(imports, fields.mapping ?? q.mapping, fields.mappingName ?? q.mappingName);
    const invite = (fields.invite ?? q.invite) === 'true';
    try {
      const result = await imports.run({ csv, mapping, mode: (fields.mode as 'full' | 'partial' | undefined) ?? q.mode, dryRun: (fields.dryRun ?? q.dryRun) !== 'false', actorId: req.user!.id });
      if (!result.applied || !invite || !inviter) return void res.json(result);
      const failedRows = new Set(result.applied.failed.map((f) => f.row));
      const written = [...result.creates, ...result.updates].filter((r) => !failedRows.has(r.row)).map((r) => r.id);
      res.json({ ...result, invitations: await inviter.inviteImported(written) });
    } catch (err) {
      if (err instanceof ImportInputError) throw new ValidationError(err.message, err.field);
      throw err;
    }
  });

  router.get('/api/people/import/mappings', requireRole('hr', 'admin'), async (_req, res) => {
    res.json({ items: await imports.mappings(), fields: IMPORT_FIELDS });
  });

  router.put('/api/people/import/mappings/:name', requireRole('hr', 'admin'), async (req, res) => {
    const name = parseInput(z.string().trim().min(1).max(100), req.params.name, 'name');
    const { mapping } = parseInput(saveSchema, req.body);
    res.json(await imports.saveMapping(name, mapping));
  });
  return router;
}

async function resolveMapping(imports: ImportService, json: string | undefined, name: string | undefined): Promise<ColumnMapping> {
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new ValidationError('mapping: must be JSON like {"email":"Work Email"}', 'mapping');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ValidationError('mapping: must be an object of field -> column', 'mapping');
    for (const k of Object.keys(parsed)) if (!(IMPORT_FIELDS as readonly string[]).includes(k)) throw new ValidationError(`mapping.${k}: not a field people have (one of ${IMPORT_FIELDS.join(', ')})`, `mapping.${k}`);
    return parseInput(mappingSchema, parsed, 'mapping');
  }
  if (name) {
    const saved = await imports.mapping(name);
    if (!saved) throw new NotFoundError('Saved mapping');
    return saved;
  }
  throw new ValidationError('mapping: give a column mapping (mapping=JSON) or a saved one (mappingName)', 'mapping');
}
