/**
 * The audit evidence pack: for one requirement, a population and a period, a ZIP
 * (yazl, streamed to disk) holding
 *   completions.csv      every completion statement in the period (person, employee id,
 *                        requirement, version, completed at, score, expiry, statement id)
 *   outstanding.csv      people in the population assigned the requirement without a valid completion
 *   acknowledgements.csv policy targets: version, typed name, signed at, text hash, and
 *                        whether the hash matches the published text
 *   policy-versions/     the text of every version acknowledged
 *   blended.csv          path targets: each checklist tick, observation and attendance on
 *                        the path's blended steps (who recorded it, outcome, note, evidence
 *                        file and its sha2, statement id)
 *   evidence/<sha2>/     the evidence files those records carry
 *   statements.json      the underlying xAPI statements on the requirement's activities
 *                        (and a path's blended steps) by the population in the period (a
 *                        JSON array, streamed)
 *   manifest.json        what was asked, when, by whom, and the counts
 * The completion rows also stream on their own as CSV (`completionsCsv`).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { spreadsheetCsv } from '../../http/csv.js';
import yazl from 'yazl';
import { COMPLETION_VERBS, SUPPORTING_MEDIA, userIdOfAgent } from '../../learning-record/identity.js';
import { safeFileName } from '../../http/file-name.js';
import type { StoreDb } from '../../store/types.js';
import type { PeopleDirectory, PersonFacts } from '../people-directory.js';
import { reportSources, type ComplianceStatusRow, type RecordReader, type StoredStatement, type TargetType } from '../sources.js';
import { resolveTarget, type ResolvedTarget } from './evidence-target.js';
import type { CompletionAuthority, CompletionVerdict } from '../../learning-record/completion-authority.js';

export interface EvidenceRequest {
  target: { type: TargetType; id: string };
  population: { department?: string; location?: string; jobRole?: string };
  /** ISO dates; inclusive bounds on the statement timestamp. */
  from?: string;
  to?: string;
}

export interface EvidenceContext {
  db: StoreDb;
  records: RecordReader;
  people: PeopleDirectory;
  homePage: string;
  /** Judges each completion: whether it counts and where it came from. */
  authority: CompletionAuthority;
  /** Where a blended evidence file is on disk, by its SHA-256; without it the pack names the files only. */
  evidenceFile?: (sha2: string) => Promise<string | null>;
}

/**
 * Every completion statement, whether it counted toward the requirement (`counted`, and
 * `not_counted_reason` when not), where it came from (`source`: the SCORM attempt, the
 * policy signature, the LRS client...) and the LRS client key it was stored under
 * (`authority`), so an auditor can trace each row to statements.json.
 */
export const COMPLETION_COLUMNS = [
  'person', 'employee_id', 'email', 'department', 'location', 'job_role', 'requirement', 'requirement_type',
  'version', 'verb', 'completed_at', 'score', 'expires_at', 'statement_id', 'counted', 'source', 'authority', 'not_counted_reason',
] as const;

export interface EvidenceCounts {
  completions: number;
  statements: number;
  outstanding: number;
  acknowledgements: number;
  people: number;
  /** Rows of blended.csv (path targets with blended steps). */
  blended?: number;
  /** Evidence files put in the pack under evidence/<sha2>/. */
  evidenceFiles?: number;
}

function inPopulation(p: PersonFacts, pop: EvidenceRequest['population'] = {}): boolean {
  return (!pop.department || p.department === pop.department) && (!pop.location || p.location === pop.location) && (!pop.jobRole || p.jobRole === pop.jobRole);
}

/** Prepared once per pack: the target, the population, the period and the current statuses. */
export async function prepareEvidence(req: EvidenceRequest, ctx: EvidenceContext) {
  const target = await resolveTarget(ctx.db, ctx.homePage, req.target);
  const population = new Map(ctx.people.all.filter((p) => inPopulation(p, req.population)).map((p) => [p.id, p]));
  const from = req.from ? Date.parse(req.from) : -Infinity;
  // A date-only upper bound means the whole of that day.
  const to = req.to ? Date.parse(req.to) + (/^\d{4}-\d{2}-\d{2}$/.test(req.to) ? 86_399_999 : 0) : Infinity;
  const statuses = new Map<string, ComplianceStatusRow>();
  for await (const row of reportSources(ctx.db).complianceStatus.find({ targetType: req.target.type, targetId: req.target.id })) {
    if (population.has(row.personId)) statuses.set(row.personId, row);
  }
  return { target, population, from, to, statuses };
}

type Prepared = Awaited<ReturnType<typeof prepareEvidence>>;

/**
 * The statements of the pack: on the target's activities, by the population, in the period,
 * each with the completion authority's verdict (one judge per page of the record).
 */
async function* packStatements(ctx: EvidenceContext, prep: Prepared): AsyncGenerator<{ statement: StoredStatement; person: PersonFacts; verdict: CompletionVerdict }> {
  const activityIds = [...prep.target.activityIds, ...(prep.target.blended?.keys() ?? [])];
  for await (const page of ctx.records.pages({ activityIds, pageSize: 5000 })) {
    const judge = await ctx.authority.judgeFor(page.statements);
    for (const s of page.statements) {
      const id = userIdOfAgent(s.actor, ctx.homePage);
      const person = id ? prep.population.get(id) : undefined;
      if (!person) continue;
      const at = Date.parse(s.timestamp);
      if (at < prep.from || at > prep.to) continue;
      yield { statement: s, person, verdict: judge(s) };
    }
  }
}

function completionRow(s: StoredStatement, person: PersonFacts, target: ResolvedTarget, status: ComplianceStatusRow | undefined, verdict: CompletionVerdict): string[] {
  const version = target.versionOf.get((s.object as { id?: string }).id ?? '');
  const scaled = (s.result as { score?: { scaled?: number } } | undefined)?.score?.scaled;
  const expires = status?.completionStatementId === s.id && status.expiresAt ? new Date(status.expiresAt).toISOString() : '';
  return [
    person.name, person.employeeId ?? '', person.email, person.department ?? '', person.location ?? '', person.jobRole ?? '',
    target.title, target.type, version === undefined ? '' : String(version), s.verb.id.split('/').pop() ?? s.verb.id,
    s.timestamp, typeof scaled === 'number' ? String(scaled) : '', expires, s.id,
    verdict.counts ? 'yes' : 'no', verdict.source.label, verdict.source.authority, verdict.reason ?? '',
  ];
}

const isCompletion = (s: StoredStatement) => COMPLETION_VERBS.includes(s.verb.id);
const isBlended = (prep: Prepared, s: StoredStatement) => !!prep.target.blended?.has((s.object as { id?: string }).id ?? '');

/** blended.csv: each checklist tick, observation and attendance record on the path's blended steps, with its statement. */
export const BLENDED_COLUMNS = [
  'person', 'employee_id', 'step', 'kind', 'verb', 'recorded_at', 'recorded_by', 'outcome', 'note', 'evidence_file', 'evidence_sha2', 'evidence_url', 'statement_id',
] as const;

function blendedRow(s: StoredStatement, person: PersonFacts, target: ResolvedTarget, ctx: EvidenceContext): string[] | null {
  const objectId = (s.object as { id?: string }).id ?? '';
  const step = target.blended?.get(objectId);
  if (!step) return null;
  const result = (s.result ?? {}) as { success?: boolean; response?: string; extensions?: Record<string, unknown> };
  const context = (s.context ?? {}) as { instructor?: unknown; extensions?: Record<string, unknown> };
  // The instructor is whoever ticked, observed or took attendance; without one the learner ticked it themselves.
  const byId = context.instructor ? userIdOfAgent(context.instructor, ctx.homePage) : null;
  const by = byId ? (ctx.people.byId.get(byId)?.name ?? byId) : ((context.instructor as { name?: string } | undefined)?.name ?? person.name);
  const ext = (suffix: string, bag: Record<string, unknown> | undefined) => Object.entries(bag ?? {}).find(([k]) => k.endsWith(suffix))?.[1];
  const outcome = step.kind === 'attendance' ? String(ext('/session/attendance', result.extensions) ?? '') : step.kind === 'observation' ? (result.success ? 'passed' : 'not yet') : 'done';
  const note = step.kind === 'task' ? String(ext('/task/evidence-note', result.extensions) ?? '') : (result.response ?? '');
  const file = ((s as { attachments?: Array<{ usageType?: string; display?: Record<string, string>; sha2?: string; fileUrl?: string }> }).attachments ?? []).find((a) => a.usageType === SUPPORTING_MEDIA);
  return [
    person.name, person.employeeId ?? '', step.step, step.kind, s.verb.id.split('/').pop() ?? s.verb.id, s.timestamp, by, outcome, note,
    file ? (Object.values(file.display ?? {})[0] ?? '') : '', file?.sha2 ?? '', file?.fileUrl ?? '', s.id,
  ];
}

/** The completions of a pack as CSV, streamed (the API's direct CSV answer). */
export function completionsCsv(ctx: EvidenceContext, prep: Prepared): Readable {
  const csv = spreadsheetCsv({ header: true, columns: [...COMPLETION_COLUMNS] });
  void (async () => {
    try {
      for await (const { statement, person, verdict } of packStatements(ctx, prep)) {
        if (!isCompletion(statement) || isBlended(prep, statement)) continue;
        if (!csv.write(completionRow(statement, person, prep.target, prep.statuses.get(person.id), verdict))) await once(csv, 'drain');
      }
      csv.end();
    } catch (err) {
      csv.destroy(err as Error);
    }
  })();
  return csv;
}

function csvOf(rows: string[][], columns: string[]): Readable {
  const csv = spreadsheetCsv({ header: true, columns });
  void (async () => {
    for (const r of rows) if (!csv.write(r)) await once(csv, 'drain');
    csv.end();
  })();
  return csv;
}

/**
 * The evidence files attached to the blended statements of the pack (population, period),
 * by SHA-256. A pass over the blended steps' statements only, before the ZIP is laid out
 * (its entries are fixed before the statements stream).
 */
async function evidenceFiles(ctx: EvidenceContext, prep: Prepared): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!prep.target.blended || !ctx.evidenceFile) return out;
  for await (const page of ctx.records.pages({ activityIds: [...prep.target.blended.keys()], pageSize: 5000 })) {
    for (const s of page.statements) {
      const id = userIdOfAgent(s.actor, ctx.homePage);
      const at = Date.parse(s.timestamp);
      if (!id || !prep.population.has(id) || at < prep.from || at > prep.to) continue;
      for (const a of (s as { attachments?: Array<{ usageType?: string; sha2?: string; display?: Record<string, string> }> }).attachments ?? []) {
        if (a.usageType === SUPPORTING_MEDIA && a.sha2 && /^[0-9a-f]{64}$/.test(a.sha2)) out.set(a.sha2, Object.values(a.display ?? {})[0] ?? 'evidence');
      }
    }
  }
  return out;
}

/**
 * Writes the pack to `outFile`. `onProgress(0..1)` follows the statements read against the
 * number expected (two per assigned person is a guess; it is clamped, and ends at 1).
 */
export async function writeEvidencePack(
  req: EvidenceRequest,
  ctx: EvidenceContext,
  outFile: string,
  meta: { requestedBy: string; createdAt: Date },
  onProgress: (fraction: number) => void = () => {},
): Promise<EvidenceCounts> {
  const prep = await prepareEvidence(req, ctx);
  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, fs.createWriteStream(outFile));
  const counts: EvidenceCounts = { completions: 0, statements: 0, outstanding: 0, acknowledgements: 0, people: prep.population.size };
  const completions: string[][] = [];
  const blended: string[][] = [];
  const expected = Math.max(1, prep.statuses.size * 2);

  // statements.json first: yazl reads entries in order, so the rows it collects are
  // complete before completions.csv is read.
  async function* statementsJson(): AsyncGenerator<string> {
    yield '[';
    for await (const { statement, person, verdict } of packStatements(ctx, prep)) {
      // The statement as stored; what the LRS keeps beside it is not part of it.
      const { ord: _ord, sessionId: _session, ...plain } = statement;
      yield (counts.statements ? ',\n' : '\n') + JSON.stringify(plain);
      counts.statements++;
      if (counts.statements % 500 === 0) onProgress(Math.min(0.95, counts.statements / expected));
      const row = prep.target.blended ? blendedRow(statement, person, prep.target, ctx) : null;
      if (row) blended.push(row);
      else if (isCompletion(statement)) completions.push(completionRow(statement, person, prep.target, prep.statuses.get(person.id), verdict));
    }
    yield '\n]\n';
  }
  zip.addReadStream(Readable.from(statementsJson()), 'statements.json');
  zip.addReadStream(
    Readable.from(
      (async function* () {
        counts.completions = completions.length;
        yield* csvOf(completions, [...COMPLETION_COLUMNS]);
      })(),
    ),
    'completions.csv',
  );
  if (prep.target.blended) {
    let kept = 0;
    for (const [sha2, name] of await evidenceFiles(ctx, prep)) {
      const file = await ctx.evidenceFile!(sha2);
      if (!file) continue;
      zip.addFile(file, `evidence/${sha2}/${safeFileName(name)}`);
      kept++;
    }
    counts.evidenceFiles = kept;
    zip.addReadStream(
      Readable.from(
        (async function* () {
          counts.blended = blended.length;
          yield* csvOf(blended, [...BLENDED_COLUMNS]);
        })(),
      ),
      'blended.csv',
    );
  }

  const outstanding: string[][] = [];
  for (const [personId, row] of prep.statuses) {
    if (row.status === 'complete' || row.status === 'expiring') continue;
    const p = prep.population.get(personId)!;
    outstanding.push([p.name, p.employeeId ?? '', p.department ?? '', row.title, row.status, row.dueAt ? new Date(row.dueAt).toISOString() : '', row.expiresAt ? new Date(row.expiresAt).toISOString() : '']);
  }
  outstanding.sort((a, b) => a[0]!.localeCompare(b[0]!));
  counts.outstanding = outstanding.length;
  zip.addReadStream(csvOf(outstanding, ['person', 'employee_id', 'department', 'requirement', 'status', 'due_at', 'expires_at']), 'outstanding.csv');

  if (prep.target.policy) {
    const policy = prep.target.policy;
    const hashes = new Map(policy.versions.map((v) => [v.version, v.textHash]));
    const acks = await reportSources(ctx.db).acknowledgements.find({ policyId: req.target.id }).toArray();
    const rows: string[][] = [];
    const versions = new Set<number>();
    for (const a of acks) {
      const p = prep.population.get(a.personId);
      const at = new Date(a.signedAt).getTime();
      if (!p || at < prep.from || at > prep.to) continue;
      versions.add(a.version);
      rows.push([p.name, p.employeeId ?? '', policy.title, String(a.version), a.typedName, new Date(a.signedAt).toISOString(), a.textHash, hashes.get(a.version) === a.textHash ? 'yes' : 'no', a.statementId]);
    }
    rows.sort((a, b) => a[5]!.localeCompare(b[5]!));
    counts.acknowledgements = rows.length;
    zip.addReadStream(csvOf(rows, ['person', 'employee_id', 'policy', 'version', 'typed_name', 'signed_at', 'text_hash', 'hash_matches_published_text', 'statement_id']), 'acknowledgements.csv');
    for (const v of policy.versions) {
      if (versions.has(v.version)) zip.addBuffer(Buffer.from(v.text, 'utf8'), `policy-versions/v${v.version}.txt`);
    }
  }

  const manifest = () =>
    JSON.stringify(
      {
        requirement: { type: req.target.type, id: req.target.id, title: prep.target.title, activityIds: prep.target.activityIds },
        population: req.population,
        period: { from: req.from ?? null, to: req.to ?? null },
        requestedBy: meta.requestedBy,
        createdAt: meta.createdAt.toISOString(),
        counts,
      },
      null,
      2,
    );
  // Last, so the counts are final by the time yazl reads it.
  zip.addReadStream(Readable.from((async function* () { yield manifest(); })()), 'manifest.json');
  zip.end();
  await written;
  onProgress(1);
  return counts;
}
