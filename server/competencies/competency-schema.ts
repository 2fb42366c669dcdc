/** Input shapes of the competency API (zod), checked through parseInput. */
import { z } from 'zod';

const id = z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only');
const level = z.number().int().min(0).max(20);
const iri = z.string().trim().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'must be an absolute IRI');

export const frameworkInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  levels: z.array(z.object({ level, name: z.string().trim().min(1).max(100), description: z.string().max(2000).optional() })).min(2).max(20),
  competencies: z
    .array(
      z.object({
        id,
        name: z.string().trim().min(1).max(200),
        description: z.string().max(4000).optional(),
        anchors: z.array(z.object({ level, text: z.string().trim().min(1).max(2000) })).default([]),
      }),
    )
    .min(1)
    .max(500),
  requirements: z.array(z.object({ jobRole: z.string().trim().min(1).max(200), jobLevel: z.string().trim().min(1).max(50).optional(), competencyId: id, level })).max(5000).default([]),
  evidenceRules: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({ id: id.optional(), kind: z.literal('score'), competencyId: id, activityId: iri, bands: z.array(z.object({ minScore: z.number().min(0).max(1), level })).min(1).max(20) }),
        z.object({ id: id.optional(), kind: z.literal('statement'), competencyId: id, activityId: iri, verb: iri, level }),
      ]),
    )
    .max(1000)
    .default([]),
});
export type FrameworkInput = z.infer<typeof frameworkInputSchema>;

export const ratingInputSchema = z.object({
  competencyId: id,
  level,
  note: z.string().max(2000).optional(),
});
export type RatingInput = z.infer<typeof ratingInputSchema>;
