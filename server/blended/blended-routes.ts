/**
 * Blended learning API: HR defines tasks, observation forms and events (their definitions,
 * which hold no personal data, are readable by anyone signed in: the tick, observe and
 * sign-up pages need them); the rest is open to anyone signed in and the services decide who may (the task's named doer, the person's
 * manager or an assessor, the event's trainers), answering 403 otherwise.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ZodType } from 'zod';
import { requireRole, requireUser } from '../auth/require-role.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { PeopleService } from '../people/user-service.js';
import type { Blended } from './blended.js';
import type { BlendedWork } from './blended-work.js';
import type { OnboardingTemplates } from './onboarding-templates.js';
import { discardEvidence, readEvidenceForm, type EvidenceUpload } from './evidence-upload.js';
import { attendanceSchema, buddySchema, decisionSchema, eventInputSchema, eventUpdateSchema, sessionPatchSchema, formInputSchema, observationInputSchema, signupSchema, taskInputSchema, templateInputSchema, tickSchema } from './blended-schema.js';

export function createBlendedRouter(blended: Blended, people: PeopleService, work: BlendedWork, onboarding: OnboardingTemplates): Router {
  const { tasks, observations, sessions } = blended;
  const router = Router();
  const p = (v: unknown) => String(v);
  const json = jsonBody();
  const jsonUnlessMultipart: RequestHandler[] = json.map((h) => (req, res, next) => (req.is('multipart/form-data') ? next() : h(req, res, next)));

  /**
   * A tick or an observation comes as JSON, or as multipart/form-data with an evidence file
   * (a tick's fields as form fields; an observation's JSON in the field `data`). Registered
   * before the JSON-only body parser below.
   */
  async function withEvidence<T>(req: Request, res: Response, shape: ZodType<T>, run: (input: T, upload: EvidenceUpload | null) => Promise<unknown>, fromFields: (f: Record<string, string>) => unknown): Promise<void> {
    if (!req.is('multipart/form-data')) {
      res.status(201).json(await run(parseInput(shape, req.body), null));
      return;
    }
    const { fields, evidence } = await readEvidenceForm(req, blended.evidence.tmpDir);
    let input: T;
    try {
      input = parseInput(shape, fromFields(fields));
    } catch (err) {
      await discardEvidence(evidence);
      throw err;
    }
    res.status(201).json(await run(input, evidence));
  }
  const tickFields = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).filter(([k, v]) => ['personId', 'note', 'pathId'].includes(k) && v !== ''));
  const observationFields = (f: Record<string, string>) => {
    try {
      return JSON.parse(f.data ?? '');
    } catch {
      throw new ValidationError('data: send the observation as JSON in the form field “data”', 'data');
    }
  };

  router.post('/api/blended/tasks/:id/completions', requireUser, ...jsonUnlessMultipart, async (req, res) => {
    await withEvidence(req, res, tickSchema, (input, upload) => tasks.tick(p(req.params.id), req.user!, input, upload), tickFields);
  });
  router.post('/api/blended/observation-forms/:id/observations', requireUser, ...jsonUnlessMultipart, async (req, res) => {
    await withEvidence(req, res, observationInputSchema, (input, upload) => observations.record(p(req.params.id), req.user!, input, upload), observationFields);
  });
  // Evidence files: HR, the person's managers, the uploader and the person. Served as a download, never rendered inline.
  router.get('/api/blended/evidence/:id', requireUser, async (req, res) => {
    const { path: file, doc } = await blended.evidence.open(p(req.params.id), req.user!, (a, id) => people.canView(a, id));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    res.type(doc.contentType);
    res.attachment(doc.filename);
    res.sendFile(file);
  });

  router.use(['/api/blended', '/api/users/:id/buddy'], ...json);

  router.post('/api/blended/tasks', requireRole('hr', 'admin'), async (req, res) => {
    res.status(201).json(await tasks.create(parseInput(taskInputSchema, req.body)));
  });
  router.get('/api/blended/tasks', requireUser, async (_req, res) => {
    res.json({ items: await tasks.list() });
  });
  router.put('/api/blended/tasks/:id', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await tasks.update(p(req.params.id), parseInput(taskInputSchema, req.body)));
  });
  router.get('/api/blended/tasks/:id', requireUser, async (req, res) => {
    res.json(await tasks.get(p(req.params.id)));
  });
  router.get('/api/blended/tasks/:id/completions/:personId', requireUser, async (req, res) => {
    const personId = p(req.params.personId);
    if (!(await people.canView(req.user!, personId))) throw new NotFoundError('Person');
    res.json({ completion: await tasks.completionOf(p(req.params.id), personId) });
  });
  router.put('/api/users/:id/buddy', requireRole('hr', 'admin'), async (req, res) => {
    const { buddyId } = parseInput(buddySchema, req.body);
    await tasks.setBuddy(p(req.params.id), buddyId, req.user!.id);
    res.status(204).end();
  });

  router.post('/api/blended/observation-forms', requireRole('hr', 'admin'), async (req, res) => {
    res.status(201).json(await observations.create(parseInput(formInputSchema, req.body)));
  });
  router.get('/api/blended/observation-forms', requireUser, async (_req, res) => {
    res.json({ items: await observations.list() });
  });
  router.put('/api/blended/observation-forms/:id', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await observations.update(p(req.params.id), parseInput(formInputSchema, req.body)));
  });
  router.get('/api/blended/observation-forms/:id', requireUser, async (req, res) => {
    res.json(await observations.get(p(req.params.id)));
  });
  router.get('/api/blended/observation-forms/:id/observations/:personId', requireUser, async (req, res) => {
    const personId = p(req.params.personId);
    if (!(await people.canView(req.user!, personId))) throw new NotFoundError('Person');
    res.json({ items: await observations.of(p(req.params.id), personId) });
  });

  router.post('/api/blended/events', requireRole('hr', 'admin'), async (req, res) => {
    res.status(201).json(await sessions.create(parseInput(eventInputSchema, req.body)));
  });
  router.get('/api/blended/events', requireUser, async (_req, res) => {
    res.json({ items: await sessions.list() });
  });
  router.put('/api/blended/events/:id', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await sessions.update(p(req.params.id), parseInput(eventUpdateSchema, req.body)));
  });
  router.patch('/api/blended/events/:id/sessions/:sessionId', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await sessions.updateSession(p(req.params.id), p(req.params.sessionId), parseInput(sessionPatchSchema, req.body)));
  });
  router.get('/api/blended/events/:id', requireUser, async (req, res) => {
    res.json(await sessions.get(p(req.params.id)));
  });
  router.post('/api/blended/events/:id/sessions/:sessionId/signups', requireUser, async (req, res) => {
    const { personId } = parseInput(signupSchema, req.body);
    const person = personId ? await people.get(personId) : req.user!;
    if (!person) throw new ValidationError(`personId: no person with id "${personId}"`, 'personId');
    res.status(201).json(await sessions.signUp(p(req.params.id), p(req.params.sessionId), req.user!, person));
  });
  router.post('/api/blended/events/:id/sessions/:sessionId/cancel', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await sessions.cancelSession(p(req.params.id), p(req.params.sessionId)));
  });
  router.get('/api/blended/events/:id/sessions/:sessionId/roster', requireUser, async (req, res) => {
    res.json({ items: await sessions.roster(p(req.params.id), p(req.params.sessionId), req.user!) });
  });
  router.post('/api/blended/events/:id/sessions/:sessionId/attendance', requireUser, async (req, res) => {
    res.json({ items: await sessions.takeAttendance(p(req.params.id), p(req.params.sessionId), req.user!, parseInput(attendanceSchema, req.body)) });
  });
  router.post('/api/blended/signups/:id/decision', requireUser, async (req, res) => {
    res.json(await sessions.decide(p(req.params.id), req.user!, parseInput(decisionSchema, req.body).approve));
  });
  router.post('/api/blended/signups/:id/cancel', requireUser, async (req, res) => {
    res.json(await sessions.cancelSignup(p(req.params.id), req.user!));
  });
  // Onboarding templates: a path marked as a job role's onboarding journey (HR).
  router.get('/api/blended/onboarding-templates', requireRole('hr', 'admin'), async (_req, res) => {
    res.json({ items: await onboarding.list() });
  });
  router.get('/api/blended/onboarding-templates/:pathId', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await onboarding.get(p(req.params.pathId)));
  });
  router.put('/api/blended/onboarding-templates/:pathId', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await onboarding.set(p(req.params.pathId), parseInput(templateInputSchema, req.body), req.user!));
  });
  router.delete('/api/blended/onboarding-templates/:pathId', requireRole('hr', 'admin'), async (req, res) => {
    await onboarding.remove(p(req.params.pathId));
    res.status(204).end();
  });
  router.get('/api/me/blended/work', requireUser, async (req, res) => {
    res.json(await work.of(req.user!));
  });
  router.get('/api/me/blended/signups', requireUser, async (req, res) => {
    res.json({ items: await sessions.signupsOf(req.user!.id) });
  });
  return router;
}
