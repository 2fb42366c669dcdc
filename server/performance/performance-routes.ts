/**
 * Performance data import (HR, admin): CSV (`Content-Type: text/csv`) or JSON
 * `{ rows: [{ person, period, metric, value }] }`. Every row is checked; any problem
 * answers 400 listing each by row and column, and nothing is written. And the correlation
 * report, read through the reports' scoped view of people and compliance.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role.js';
import { HttpError, UnsupportedMediaTypeError } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { ReportsService } from '../reports/reports-service.js';
import { MEASURES } from './learning-measures.js';
import { ImportError, PERIOD_PATTERN, readCsv } from './performance-import.js';
import type { PerformanceService } from './performance-service.js';

export const correlationQuerySchema = z.object({
  metric: z.string().trim().min(1).max(100),
  period: z.string().regex(PERIOD_PATTERN, 'must be a period like 2026, 2026-H1, 2026-Q2 or 2026-05'),
  measure: z.enum(MEASURES).default('completion'),
  cohort: z.enum(['all', 'department', 'jobRole', 'location']).default('department'),
  view: z.enum(['self', 'team']).optional(),
});
export function createPerformanceRouter(opts: { performance: PerformanceService; reports: ReportsService }): Router {
  const router = Router();
  const csvBody = express.text({ type: ['text/csv', 'text/plain'], limit: '20mb' });
  const json = express.json({ limit: '20mb', strict: true });

  router.post('/api/performance/imports', requireRole('hr', 'admin'), csvBody, json, async (req, res) => {
    let rows: Array<Record<string, unknown>>;
    let lines: number[] | undefined;
    try {
      if (req.is('text/csv') || req.is('text/plain')) {
        ({ rows, lines } = readCsv(String(req.body ?? '')));
      } else if (req.is('application/json')) {
        const body = req.body as { rows?: unknown };
        if (!Array.isArray(body?.rows)) throw new HttpError(400, 'validation', 'rows: must be an array of { person, period, metric, value }', 'rows');
        rows = body.rows as Array<Record<string, unknown>>;
      } else {
        throw new UnsupportedMediaTypeError('text/csv or application/json');
      }
      const people = await opts.reports.loadPeople();
      res.json(await opts.performance.import(rows, people, req.user!.id, lines));
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      const first = err.errors[0]!;
      const field = lines || first.row === 0 ? first.column : `rows[${first.row - 1}].${first.column}`;
      throw new HttpError(400, 'invalid_rows', err.message, field, { errors: err.errors });
    }
  });

  // Under /api/reports with the other reports; a manager sees their chain, HR and admins everyone.
  router.get('/api/reports/performance-correlation', requireRole('manager', 'hr', 'admin'), async (req, res) => {
    const { view, ...q } = parseInput(correlationQuerySchema, req.query, 'query');
    res.json(await opts.performance.correlation(q, await opts.reports.scopedCompliance(req.user!, view)));
  });

  router.get('/api/performance/metrics', requireRole('manager', 'hr', 'admin'), async (_req, res) => {
    res.json(await opts.performance.catalogue());
  });

  return router;
}
