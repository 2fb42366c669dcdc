/** Input shapes of the policy API (zod). */
import { z } from 'zod';

export const quizSchema = z
  .object({
    passMark: z.number().min(0).max(1),
    questions: z
      .array(
        z.object({
          id: z.string().trim().min(1).max(80).optional(),
          text: z.string().trim().min(1).max(2000),
          choices: z.array(z.string().trim().min(1).max(500)).min(2).max(10),
          correct: z.number().int().min(0),
        }),
      )
      .min(1)
      .max(50),
  })
  .superRefine((quiz, ctx) => {
    quiz.questions.forEach((q, i) => {
      if (q.correct >= q.choices.length) ctx.addIssue({ code: 'custom', path: ['questions', i, 'correct'], message: `must be the index of one of the ${q.choices.length} choices` });
    });
  });

export const createPolicySchema = z.object({
  title: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(200_000),
  quiz: quizSchema.optional(),
});
export type CreatePolicyInput = z.infer<typeof createPolicySchema>;

export const newVersionSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  text: z.string().trim().min(1).max(200_000),
  quiz: quizSchema.optional(),
});
export type NewVersionInput = z.infer<typeof newVersionSchema>;

export const acknowledgeSchema = z.object({
  version: z.number().int().min(1),
  typedName: z.string().trim().min(1).max(200),
  /** Chosen choice index per question id, when the version has a quiz. */
  answers: z.record(z.string(), z.number().int().min(0)).optional(),
});
export type AcknowledgeInput = z.infer<typeof acknowledgeSchema>;
