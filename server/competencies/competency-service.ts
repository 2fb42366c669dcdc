/**
 * Competencies: frameworks (HR manages), ratings (managers rate their direct reports, HR
 * anyone) and a person's current levels with the evidence behind them and the gap against
 * the matrix for their role.
 *
 * The rule for a person's level in a competency: every source gives its current evidence
 * (the latest manager rating; the latest score on each assessed activity, mapped through
 * its bands; every statement that proves a level), and the level is the highest of these.
 * Older ratings and scores stay in the trail, marked as superseded.
 */
import { Types } from 'mongoose';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { activityFacts, scoreOf } from '../learning-record/activity-facts.js';
import { learnerAgent } from '../learning-record/identity.js';
import type { RecordReader } from '../learning-record/records.js';
import { hasRole, type Actor, type User } from '../people/user-service.js';
import type { CompetencyDef, CompetencyModels, EvidenceRule, FrameworkDoc, LevelDef, RatingDoc, Requirement } from './competency-model.js';
import type { FrameworkInput, RatingInput } from './competency-schema.js';

export interface Framework {
  id: string;
  name: string;
  description?: string;
  levels: LevelDef[];
  competencies: CompetencyDef[];
  requirements: Requirement[];
  evidenceRules: EvidenceRule[];
  updatedAt: string;
}

export interface Evidence {
  source: 'rating' | 'assessment' | 'statement';
  level: number;
  at: string;
  /** Whether this evidence is current (counts towards the level) or superseded by a later one of its kind. */
  counts: boolean;
  detail: string;
  statementId?: string;
  activityId?: string;
  score?: number;
  ratedBy?: string;
}

export interface PersonCompetency {
  competencyId: string;
  name: string;
  frameworkId: string;
  frameworkName: string;
  level: number | null;
  levelName: string | null;
  lastEvidenceAt: string | null;
  evidence: Evidence[];
  required: number | null;
  requiredName: string | null;
  /** How many levels short of the requirement (0 when met or when nothing is required). */
  gap: number;
}

export interface PersonCompetencies {
  person: { id: string; name: string; jobRole?: string; jobLevel?: string };
  competencies: PersonCompetency[];
}

export interface CompetencyDeps {
  models: CompetencyModels;
  records: RecordReader;
  homePage: string;
  people: { get(id: string): Promise<User | null> };
  /** Titles of learning paths that gate steps on these competencies (a framework in use is not deleted). */
  gatedBy?: (competencyIds: string[]) => Promise<string[]>;
  now?: () => Date;
}

function toFramework(doc: FrameworkDoc): Framework {
  const f: Framework = {
    id: doc._id.toHexString(),
    name: doc.name,
    levels: [...doc.levels].sort((a, b) => a.level - b.level),
    competencies: doc.competencies,
    requirements: doc.requirements ?? [],
    evidenceRules: doc.evidenceRules ?? [],
    updatedAt: doc.updatedAt.toISOString(),
  };
  if (doc.description) f.description = doc.description;
  return f;
}

/** Checks the references inside a framework (levels exist, competencies exist, ids unique); names the field. */
function checkFramework(input: FrameworkInput): Omit<FrameworkDoc, '_id' | 'createdAt' | 'updatedAt'> {
  const levels = new Set<number>();
  input.levels.forEach((l, i) => {
    if (levels.has(l.level)) throw new ValidationError(`levels.${i}.level: level ${l.level} is listed twice`, `levels.${i}.level`);
    levels.add(l.level);
  });
  const ids = new Set<string>();
  input.competencies.forEach((c, i) => {
    if (ids.has(c.id)) throw new ValidationError(`competencies.${i}.id: "${c.id}" is used twice`, `competencies.${i}.id`);
    ids.add(c.id);
    c.anchors.forEach((a, j) => {
      if (!levels.has(a.level)) throw new ValidationError(`competencies.${i}.anchors.${j}.level: no level ${a.level} in this framework`, `competencies.${i}.anchors.${j}.level`);
    });
  });
  const known = (field: string, competencyId: string, level: number) => {
    if (!ids.has(competencyId)) throw new ValidationError(`${field}.competencyId: no competency "${competencyId}" in this framework`, `${field}.competencyId`);
    if (!levels.has(level)) throw new ValidationError(`${field}.level: no level ${level} in this framework`, `${field}.level`);
  };
  input.requirements.forEach((r, i) => known(`requirements.${i}`, r.competencyId, r.level));
  const evidenceRules: EvidenceRule[] = input.evidenceRules.map((r, i) => {
    if (r.kind === 'score') {
      known(`evidenceRules.${i}`, r.competencyId, r.bands[0]!.level);
      r.bands.forEach((b, j) => {
        if (!levels.has(b.level)) throw new ValidationError(`evidenceRules.${i}.bands.${j}.level: no level ${b.level} in this framework`, `evidenceRules.${i}.bands.${j}.level`);
      });
      return { ...r, id: r.id ?? `rule-${i + 1}`, bands: [...r.bands].sort((a, b) => b.minScore - a.minScore) };
    }
    known(`evidenceRules.${i}`, r.competencyId, r.level);
    return { ...r, id: r.id ?? `rule-${i + 1}` };
  });
  const doc: Omit<FrameworkDoc, '_id' | 'createdAt' | 'updatedAt'> = {
    name: input.name,
    levels: input.levels,
    competencies: input.competencies,
    requirements: input.requirements,
    evidenceRules,
  };
  if (input.description) doc.description = input.description;
  return doc;
}

/** The level a score earns through bands (sorted highest minScore first), or null under every band. */
export function levelForScore(bands: Array<{ minScore: number; level: number }>, score: number): number | null {
  for (const b of bands) if (score >= b.minScore) return b.level;
  return null;
}

/** The requirement that applies to a person: one for their exact job level beats one for the whole role. */
export function requirementFor(requirements: Requirement[], competencyId: string, person: { jobRole?: string; jobLevel?: string }): Requirement | null {
  if (!person.jobRole) return null;
  const role = person.jobRole.trim().toLowerCase();
  const matching = requirements.filter((r) => r.competencyId === competencyId && r.jobRole.trim().toLowerCase() === role);
  return matching.find((r) => r.jobLevel && r.jobLevel === person.jobLevel) ?? matching.find((r) => !r.jobLevel) ?? null;
}

export function createCompetencyService(deps: CompetencyDeps) {
  const { frameworks, ratings } = deps.models;
  const now = deps.now ?? (() => new Date());

  async function load(id: string): Promise<FrameworkDoc> {
    const doc = Types.ObjectId.isValid(id) ? await frameworks.findById(id).lean<FrameworkDoc>().exec() : null;
    if (!doc) throw new NotFoundError('Competency framework');
    return doc;
  }

  /** Competency ids are global (path gates name them alone), so no two frameworks share one. */
  async function assertIdsFree(ids: string[], exceptFramework?: Types.ObjectId): Promise<void> {
    const filter: Record<string, unknown> = { 'competencies.id': { $in: ids } };
    if (exceptFramework) filter._id = { $ne: exceptFramework };
    const clash = await frameworks.findOne(filter).lean<FrameworkDoc>().exec();
    if (clash) {
      const taken = clash.competencies.find((c) => ids.includes(c.id))!;
      throw new ConflictError(`competencies: the id "${taken.id}" is already used in the framework “${clash.name}”`, 'competencies');
    }
  }

  async function allFrameworks(): Promise<Framework[]> {
    return (await frameworks.find({}).sort({ name: 1 }).lean<FrameworkDoc[]>().exec()).map(toFramework);
  }

  async function personOrThrow(personId: string): Promise<User> {
    const person = await deps.people.get(personId);
    if (!person) throw new NotFoundError('Person');
    return person;
  }

  async function competenciesOf(person: User): Promise<PersonCompetencies> {
    const all = await allFrameworks();
    const rules = all.flatMap((f) => f.evidenceRules);
    const [facts, personRatings] = await Promise.all([
      activityFacts(deps.records, learnerAgent(person, deps.homePage), rules.map((r) => r.activityId)),
      ratings.find({ personId: person.id }).sort({ ratedAt: -1, _id: -1 }).lean<RatingDoc[]>().exec(),
    ]);
    const competencies: PersonCompetency[] = [];
    for (const f of all) {
      const levelName = (level: number | null) => (level === null ? null : (f.levels.find((l) => l.level === level)?.name ?? String(level)));
      for (const c of f.competencies) {
        const evidence: Evidence[] = [];
        personRatings
          .filter((r) => r.competencyId === c.id)
          .forEach((r, i) =>
            evidence.push({ source: 'rating', level: r.level, at: r.ratedAt.toISOString(), counts: i === 0, detail: `Rated by ${r.ratedByName}${r.note ? `: ${r.note}` : ''}`, ratedBy: r.ratedBy }),
          );
        for (const rule of f.evidenceRules.filter((r) => r.competencyId === c.id)) {
          const statements = facts.get(rule.activityId)?.statements ?? [];
          if (rule.kind === 'score') {
            const scored = statements.filter((s) => scoreOf(s) !== undefined);
            scored.forEach((s, i) => {
              const score = scoreOf(s)!;
              const level = levelForScore(rule.bands, score);
              if (level === null) return;
              const latest = i === scored.length - 1;
              evidence.push({ source: 'assessment', level, at: s.timestamp, counts: latest, detail: `Scored ${Math.round(score * 100)}% on ${rule.activityId}`, statementId: s.id, activityId: rule.activityId, score });
            });
          } else {
            for (const s of statements.filter((st) => st.verb.id === rule.verb)) {
              evidence.push({ source: 'statement', level: rule.level, at: s.timestamp, counts: true, detail: `${rule.verb.split('/').pop()} ${rule.activityId}`, statementId: s.id, activityId: rule.activityId });
            }
          }
        }
        evidence.sort((a, b) => b.at.localeCompare(a.at));
        const counting = evidence.filter((e) => e.counts);
        const level = counting.length ? Math.max(...counting.map((e) => e.level)) : null;
        const req = requirementFor(f.requirements, c.id, person);
        competencies.push({
          competencyId: c.id,
          name: c.name,
          frameworkId: f.id,
          frameworkName: f.name,
          level,
          levelName: levelName(level),
          lastEvidenceAt: evidence[0]?.at ?? null,
          evidence,
          required: req?.level ?? null,
          requiredName: req ? levelName(req.level) : null,
          gap: req ? Math.max(0, req.level - (level ?? f.levels[0]!.level - 1)) : 0,
        });
      }
    }
    const view: PersonCompetencies['person'] = { id: person.id, name: person.name };
    if (person.jobRole) view.jobRole = person.jobRole;
    if (person.jobLevel) view.jobLevel = person.jobLevel;
    return { person: view, competencies };
  }

  return {
    list: allFrameworks,

    async get(id: string): Promise<Framework> {
      return toFramework(await load(id));
    },

    async create(input: FrameworkInput): Promise<Framework> {
      const doc = checkFramework(input);
      await assertIdsFree(doc.competencies.map((c) => c.id));
      const created = await frameworks.create(doc);
      return toFramework(created.toObject() as FrameworkDoc);
    },

    async update(id: string, input: FrameworkInput): Promise<Framework> {
      const existing = await load(id);
      const doc = checkFramework(input);
      await assertIdsFree(doc.competencies.map((c) => c.id), existing._id);
      const updated = await frameworks.findByIdAndUpdate(existing._id, { $set: doc }, { returnDocument: 'after' }).lean<FrameworkDoc>().exec();
      return toFramework(updated!);
    },

    async remove(id: string): Promise<void> {
      const existing = await load(id);
      const users = (await deps.gatedBy?.(existing.competencies.map((c) => c.id))) ?? [];
      if (users.length) throw new ConflictError(`id: learning paths gate steps on this framework's competencies: ${users.map((t) => `“${t}”`).join(', ')}`, 'id');
      await frameworks.deleteOne({ _id: existing._id }).exec();
    },

    /** Managers rate their direct reports; HR and admins rate anyone. */
    async rate(actor: Actor & { name: string }, personId: string, input: RatingInput): Promise<Evidence> {
      const person = await personOrThrow(personId);
      if (!hasRole(actor, 'hr', 'admin')) {
        if (!hasRole(actor, 'manager') || person.managerId !== actor.id) throw new ForbiddenError('Managers rate their direct reports only');
      }
      const owner = await frameworks.findOne({ 'competencies.id': input.competencyId }).lean<FrameworkDoc>().exec();
      if (!owner) throw new ValidationError(`competencyId: no competency "${input.competencyId}"`, 'competencyId');
      if (!owner.levels.some((l) => l.level === input.level)) throw new ValidationError(`level: no level ${input.level} in “${owner.name}”`, 'level');
      const rating = await ratings.create({ personId, competencyId: input.competencyId, level: input.level, ratedBy: actor.id, ratedByName: actor.name, note: input.note, ratedAt: now() });
      return { source: 'rating', level: rating.level, at: rating.ratedAt.toISOString(), counts: true, detail: `Rated by ${actor.name}`, ratedBy: actor.id };
    },

    /** Current levels, evidence trail and gaps of one person (callers check who may see them). */
    async forPerson(personId: string): Promise<PersonCompetencies> {
      return competenciesOf(await personOrThrow(personId));
    },

    /** Current levels of some competencies, for path gates (null: no evidence). */
    async levelsOf(personId: string, competencyIds: string[]): Promise<Map<string, number | null>> {
      const levels = new Map<string, number | null>(competencyIds.map((id) => [id, null]));
      if (!competencyIds.length) return levels;
      const all = await competenciesOf(await personOrThrow(personId));
      for (const c of all.competencies) if (levels.has(c.competencyId)) levels.set(c.competencyId, c.level);
      return levels;
    },

    /** Name of a competency and its framework's levels, for explaining gates. */
    async describe(competencyIds: string[]): Promise<Map<string, { name: string; levels: LevelDef[] }>> {
      const out = new Map<string, { name: string; levels: LevelDef[] }>();
      if (!competencyIds.length) return out;
      for (const f of await frameworks.find({ 'competencies.id': { $in: competencyIds } }).lean<FrameworkDoc[]>().exec()) {
        for (const c of f.competencies) if (competencyIds.includes(c.id)) out.set(c.id, { name: c.name, levels: f.levels });
      }
      return out;
    },
  };
}

export type CompetencyService = ReturnType<typeof createCompetencyService>;
