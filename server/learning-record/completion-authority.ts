/**
 * Who may assert a completion: the one place that decides whether a completion statement
 * counts toward a requirement, a path step or a competency, and names where it came from.
 *
 * | source                                   | counts for                                             |
 * |------------------------------------------|--------------------------------------------------------|
 * | the LMS's own writers (no launch token)  | anything: SCORM attempts, policy signatures, paths, HR completions and waivers (with a reason), cmi5 satisfied/waived |
 * | an xAPI (TinCan) launch token            | the activities of the package it was issued for        |
 * | a cmi5 launch token                      | its own AU only (the course completes by the LMS's `satisfied`) |
 * | an external LRS client                   | only activities HR allowed that client to certify      |
 *
 * The LRS refuses a launch token's statements about other content outright (ActivityOwner);
 * this is the second wall, and the one that covers external clients. Statements from any
 * source are stored; a completion that does not count is kept with the reason why.
 */
import type { LaunchSession } from '../../lrs/index.js';
import type { StoredStatement } from './records.js';
import { hrRecordExtensions, mintedKindOf } from './identity.js';
import { isInternalClientKey } from '../../lrs/index.js';

export type CompletionSourceKind = 'scorm-attempt' | 'policy-signature' | 'path-completion' | 'hr-completion' | 'hr-waiver' | 'lms' | 'cmi5-lms' | 'cmi5-au' | 'xapi-launch' | 'lrs-client';

export interface CompletionSource {
  kind: CompletionSourceKind;
  /** Human-readable: "SCORM attempt (registration …)", "LRS client \"Vendor LMS\"". */
  label: string;
  /** The statement's authority: the LRS client key that wrote it. */
  authority: string;
  /** What the source is within its kind: a registration, a session id, a statement id. */
  ref?: string;
}

export interface CompletionVerdict {
  counts: boolean;
  source: CompletionSource;
  /** Why it does not count (when it does not). */
  reason?: string;
}

export type CompletionJudge = (s: StoredStatement) => CompletionVerdict;

export interface CompletionAuthority {
  /** A judge for these statements (loads the launch sessions and allowances they need). */
  judgeFor(statements: readonly StoredStatement[]): Promise<CompletionJudge>;
}

export interface CompletionAuthorityDeps {
  homePage: string;
  /** `${PUBLIC_URL}/xapi/clients`: the homePage of client authorities. */
  authorityHomePage: string;
  /** Keys of the cmi5 and TinCan launchers' internal clients (every other internal client is the LMS's own writer). */
  internal: { cmi5: string; tincan: string };
  sessions(ids: string[]): Promise<LaunchSession[]>;
  /** Client key -> activities it may certify. */
  allowances(): Promise<Map<string, Set<string>>>;
}

const SESSION_CACHE_MAX = 20_000;

export function createCompletionAuthority(deps: CompletionAuthorityDeps): CompletionAuthority {
  const hr = hrRecordExtensions(deps.homePage);
  // Sessions never change what they were issued for: cached by id.
  const sessionCache = new Map<string, LaunchSession | null>();

  async function loadSessions(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !sessionCache.has(id));
    if (!missing.length) return;
    if (sessionCache.size + missing.length > SESSION_CACHE_MAX) sessionCache.clear();
    const found = new Map((await deps.sessions(missing)).map((s) => [s._id, s]));
    for (const id of missing) sessionCache.set(id, found.get(id) ?? null);
  }

  function authorityOf(s: StoredStatement): { key: string; name: string } {
    const a = s.authority as { name?: string; account?: { homePage?: string; name?: string } } | undefined;
    if (a?.account?.homePage === deps.authorityHomePage && a.account.name) return { key: a.account.name, name: a.name ?? a.account.name };
    return { key: '', name: a?.name ?? 'an unknown authority' };
  }

  function lmsSource(s: StoredStatement, activityId: string, key: string): CompletionSource {
    const kind = mintedKindOf(deps.homePage, activityId) ?? '';
    const registration = s.context?.registration;
    const hrKind = (s.context?.extensions as Record<string, unknown> | undefined)?.[hr.kind];
    if (hrKind === 'completed' || hrKind === 'waived') {
      const by = (s.context?.instructor as { name?: string } | undefined)?.name ?? 'HR';
      const reason = String((s.result?.extensions as Record<string, unknown> | undefined)?.[hr.reason] ?? '');
      return { kind: hrKind === 'waived' ? 'hr-waiver' : 'hr-completion', label: `${hrKind === 'waived' ? 'waived' : 'completion recorded'} by ${by}: ${reason}`, authority: key, ref: s.id };
    }
    if (kind === 'policy') return { kind: 'policy-signature', label: `policy signature (statement ${s.id})`, authority: key, ref: s.id };
    if (kind === 'path') return { kind: 'path-completion', label: 'learning path completed (every required step)', authority: key, ref: s.id };
    if ((kind === 'scorm12' || kind === 'scorm2004') && registration) return { kind: 'scorm-attempt', label: `SCORM attempt (registration ${registration})`, authority: key, ref: registration };
    return { kind: 'lms', label: 'recorded by the LMS', authority: key, ...(registration ? { ref: registration } : {}) };
  }

  return {
    async judgeFor(statements) {
      await loadSessions(statements.map((s) => s.sessionId).filter((id): id is string => !!id));
      const allowed = await deps.allowances();
      return (s) => {
        const activityId = (s.object as { id?: string }).id ?? '';
        const { key, name } = authorityOf(s);
        if (s.sessionId) {
          const session = sessionCache.get(s.sessionId);
          const registration = session?.registration ?? s.context?.registration;
          if (session?.profile === 'cmi5') {
            const source: CompletionSource = { kind: 'cmi5-au', label: `cmi5 AU session ${s.sessionId}`, authority: key, ref: s.sessionId };
            if (activityId === session.activityId) return { counts: true, source };
            return { counts: false, source, reason: `a cmi5 AU's own statements count only for that AU; the course completes when the LMS states "satisfied"` };
          }
          const source: CompletionSource = { kind: 'xapi-launch', label: `xAPI course launch (registration ${registration ?? 'unknown'})`, authority: key, ref: registration ?? s.sessionId };
          if (!session) return { counts: false, source, reason: `sent with a launch token whose session (${s.sessionId}) is unknown` };
          if ((session.activityScope ?? [session.activityId]).includes(activityId)) return { counts: true, source };
          return { counts: false, source, reason: `a launch token counts only for the package it was issued for (${session.activityId})` };
        }
        if (key === deps.internal.cmi5) {
          return { counts: true, source: { kind: 'cmi5-lms', label: `cmi5 course rules (registration ${s.context?.registration ?? 'unknown'})`, authority: key, ...(s.context?.registration ? { ref: s.context.registration } : {}) } };
        }
        if (key === deps.internal.tincan) {
          // Token statements stored before sessions were kept on records: the launcher's authority, no session.
          const source: CompletionSource = { kind: 'xapi-launch', label: 'xAPI course launch (before provenance was kept)', authority: key };
          if (mintedKindOf(deps.homePage, activityId) === null) return { counts: true, source };
          return { counts: false, source, reason: 'an xAPI launch token cannot complete an activity the LMS records itself' };
        }
        // Internal clients have no secret: only the LMS process itself writes under them.
        if (isInternalClientKey(key)) return { counts: true, source: lmsSource(s, activityId, key) };
        const source: CompletionSource = { kind: 'lrs-client', label: `LRS client "${name}" (${key || 'no key'})`, authority: key };
        if (key && allowed.get(key)?.has(activityId)) return { counts: true, source };
        return { counts: false, source, reason: `LRS client "${name}" is not allowed to certify this activity (HR can allow it on the LRS clients screen)` };
      };
    },
  };
}
