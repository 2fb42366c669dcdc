/**
 * What a launch-session token may do besides sending statements: read statements of its
 * own registration or actor, use the State API for its own actor (and, for cmi5, its own
 * activity and registration; `LMS.LaunchData` read-only), read and, for cmi5, write only
 * a valid `cmi5LearnerPreferences` for its own actor (cmi5 11), read activities, agents
 * and activity profiles. An ended session may do nothing (cmi5 8.1.2.0-2).
 * Statements themselves are checked by `storeInSession` around the store call.
 */
import type { RequestHandler, Response } from 'express';
import { ifiKey, type Agent } from '../agents.js';
import { BadRequestError } from '../errors.js';
import type { XapiContext } from './context.js';
import { readBody } from './raw-body.js';
import type { LaunchSession, SessionService } from '../sessions/session-service.js';
import { checkStatements, StatementRuleError } from '../sessions/statement-rules.js';

export interface LaunchContext {
  session: LaunchSession;
  service: SessionService;
}

export function launchOf(res: Response): LaunchContext | undefined {
  return (res.locals.xapi as XapiContext | undefined)?.launch;
}

function agentMatches(param: unknown, actor: Agent): boolean {
  if (typeof param !== 'string') return false;
  try {
    return ifiKey(JSON.parse(param) as Agent) === ifiKey(actor);
  } catch {
    return false;
  }
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const PREFERENCES_MAX_BYTES = 64 * 1024;

/** cmi5 11: a JSON object with languagePreference (comma-separated RFC 5646 tags) and audioPreference on|off. */
function checkLearnerPreferences(contentType: string, content: Buffer): void {
  const deny = (rule: string, msg: string): never => {
    throw new StatementRuleError(rule, msg);
  };
  if (contentType.split(';')[0]!.trim().toLowerCase() !== 'application/json') deny('11.0.0.0-5', 'cmi5LearnerPreferences must be sent as application/json');
  let doc: unknown;
  try {
    doc = JSON.parse(content.toString('utf8'));
  } catch {
    deny('11.0.0.0-5', 'cmi5LearnerPreferences must be a JSON object');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) deny('11.0.0.0-5', 'cmi5LearnerPreferences must be a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.languagePreference === undefined || d.audioPreference === undefined) deny('11.0.0.0-5', 'cmi5LearnerPreferences needs languagePreference and audioPreference');
  if (typeof d.languagePreference !== 'string' || !d.languagePreference.split(',').every((t) => LANGUAGE_TAG.test(t.trim()))) {
    deny('11.1.0.0-1', 'languagePreference must be a comma-separated list of RFC 5646 language tags');
  }
  if (d.audioPreference !== 'on' && d.audioPreference !== 'off') deny('11.2.0.0-1', 'audioPreference must be "on" or "off"');
}

export function sessionGuard(): RequestHandler {
  return (req, res, next) => {
    const launch = launchOf(res);
    if (!launch) return next();
    const { session } = launch;
    const deny = (rule: string, msg: string) => next(new StatementRuleError(rule, msg));
    if (session.closed) return deny('8.1.2.0-2', `the launch session has ended (${session.closed}); its token no longer works`);
    // Keeps a session that only reads and writes state from looking idle to the abandon job.
    launch.service.touch(session).catch(() => {});
    const q = req.query as Record<string, unknown>;
    const read = req.method === 'GET' || req.method === 'HEAD';
    const cmi5 = session.profile === 'cmi5';
    switch (req.path) {
      case '/statements': {
        if (!read) return next(); // checked by storeInSession
        if (q.statementId !== undefined || q.voidedStatementId !== undefined) return deny('launch-scope', 'a launch token reads statements by registration or agent, not by id');
        const ownRegistration = typeof q.registration === 'string' && q.registration.toLowerCase() === session.registration;
        if (!ownRegistration && !agentMatches(q.agent, session.actor)) return deny('launch-scope', 'a launch token reads only statements of its registration or its actor');
        return next();
      }
      case '/activities/state': {
        if (q.agent === undefined) return next(); // the resource answers 400
        if (!agentMatches(q.agent, session.actor)) return deny('10.1.0.0-4', 'the agent must be the launch actor');
        if (cmi5 && q.activityId !== session.activityId) return deny('10.1.0.0-3', 'the activityId must be the launch activityId');
        if (cmi5 && typeof q.registration === 'string' && q.registration.toLowerCase() !== session.registration) return deny('10.1.0.0-5', 'the registration must be the launch registration');
        if (!read && q.stateId === 'LMS.LaunchData') return deny('10.2.1.0-5', 'the AU may not change or delete LMS.LaunchData');
        if (!read && q.stateId === undefined && cmi5) return deny('10.2.1.0-5', 'the AU may not delete every state document (LMS.LaunchData among them)');
        return next();
      }
      case '/agents/profile': {
        if (q.agent === undefined) return next(); // 400 from the resource
        if (!agentMatches(q.agent, session.actor)) return deny('11.0.0.0-1', 'the agent must be the launch actor');
        if (read && cmi5 && q.profileId === 'cmi5LearnerPreferences' && !session.preferencesRead) {
          launch.service.notePreferencesRead(session._id).then(() => next(), next);
          return;
        }
        if (read || !cmi5) return next();
        if (req.method === 'DELETE' || q.profileId !== 'cmi5LearnerPreferences') return deny('launch-scope', 'an AU may only write cmi5LearnerPreferences');
        readBody(req, PREFERENCES_MAX_BYTES).then(
          ({ contentType, content }) => {
            checkLearnerPreferences(contentType, content);
            req.body = content; // the resource reads the body from here
            next();
          },
          (err: unknown) => next(err),
        ).catch((err: unknown) => next(err));
        return;
      }
      case '/activities/profile':
      case '/activities':
      case '/agents':
        return read ? next() : deny('launch-scope', 'a launch token may only read this resource');
      default:
        return deny('launch-scope', `a launch token may not use ${req.method} ${req.path}`);
    }
  };
}

/**
 * Around the statement store call of PUT/POST /statements: for a launch session, check
 * the batch against its rules first (403 naming the rule, nothing stored), then record
 * what it changed and tell the host. One session's requests run one at a time.
 */
export async function storeInSession<T>(res: Response, input: unknown, statementId: string | undefined, store: (sessionId?: string) => Promise<T>): Promise<T> {
  const launch = launchOf(res);
  if (!launch) return store();
  const { service } = launch;
  return service.exclusive(launch.session._id, async () => {
    const session = await service.get(launch.session._id);
    if (!session) throw new BadRequestError('the launch session no longer exists');
    const batch = Array.isArray(input) ? input : [input];
    const progress = session.profile === 'cmi5' ? await service.progressOf(session) : null;
    const change = checkStatements(session, progress, batch, statementId);
    await service.checkActivityScope(session, batch);
    const out = await store(session._id);
    await service.record(session, change);
    await service.notifyStored(session, batch as Record<string, unknown>[]);
    return out;
  });
}
