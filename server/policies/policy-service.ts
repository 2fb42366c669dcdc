/**
 * Policies: versioned documents and their acknowledgement. Signing records which version,
 * when, the typed name (the electronic signature; it must match the person's name, ignoring
 * case and spaces) and the SHA-256 of the text, in `policy_acknowledgements` and as an xAPI
 * `completed` statement on the version's activity. A new version is a new activity, so
 * everyone who must sign signs again.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { ConflictError, HttpError, NotFoundError, ValidationError } from '../http/errors.js';
import { isDuplicateKeyError } from '../store/types.js';
import { learnerAgent, policyActivityId, VERBS } from '../learning-record/identity.js';
import type { StatementWriter } from '../../lrs/index.js';
import type { User } from '../people/user-service.js';
import type { AcknowledgementDoc, PolicyDoc, PolicyModels, PolicyQuiz, PolicyVersion } from './policy-model.js';
import type { AcknowledgeInput, CreatePolicyInput, NewVersionInput } from './policy-schema.js';

/** xAPI extensions carrying the signature (IRIs under the LMS's own URL). */
export function policyExtensions(homePage: string) {
  return {
    typedName: `${homePage}/xapi/extensions/policy/typed-name`,
    textHash: `${homePage}/xapi/extensions/policy/text-sha256`,
    version: `${homePage}/xapi/extensions/policy/version`,
  };
}

export class QuizNotPassedError extends HttpError {
  constructor(score: number, passMark: number) {
    super(422, 'quiz_not_passed', `The quiz needs ${Math.round(passMark * 100)}% to pass; you scored ${Math.round(score * 100)}%. Read the policy again and retry.`, 'answers', { score, passMark });
  }
}

export interface PublicQuiz {
  passMark: number;
  questions: Array<{ id: string; text: string; choices: string[] }>;
}

export interface PolicyView {
  id: string;
  title: string;
  currentVersion: number;
  version: number;
  text: string;
  textHash: string;
  publishedAt: string;
  activityId: string;
  quiz?: PublicQuiz | PolicyQuiz;
  versions: Array<{ version: number; textHash: string; publishedAt: string; hasQuiz: boolean }>;
}

export interface Acknowledgement {
  policyId: string;
  version: number;
  personId: string;
  typedName: string;
  signedAt: string;
  textHash: string;
  statementId: string;
  quizScore?: number;
}

export interface PolicyDeps {
  models: PolicyModels;
  homePage: string;
  writer: () => Promise<StatementWriter>;
  people: { get(id: string): Promise<User | null> };
  /** Who must sign a policy (assigned it, or assigned a path with it as a step). */
  audience: (policyId: string) => Promise<string[]>;
  now?: () => Date;
}

export const textHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Case- and space-insensitive comparison of a typed signature with a name. */
export function signatureMatches(typed: string, name: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').toLocaleLowerCase().replace(/\s+/g, '');
  return norm(typed) !== '' && norm(typed) === norm(name);
}

function withQuestionIds(quiz: CreatePolicyInput['quiz']): PolicyQuiz | undefined {
  if (!quiz) return undefined;
  return { passMark: quiz.passMark, questions: quiz.questions.map((q, i) => ({ id: q.id ?? `q${i + 1}`, text: q.text, choices: q.choices, correct: q.correct })) };
}

function publicQuiz(quiz: PolicyQuiz): PublicQuiz {
  return { passMark: quiz.passMark, questions: quiz.questions.map(({ id, text, choices }) => ({ id, text, choices })) };
}

/** Share of questions answered right, 0..1. */
export function quizScore(quiz: PolicyQuiz, answers: Record<string, number> | undefined): number {
  const right = quiz.questions.filter((q) => answers?.[q.id] === q.correct).length;
  return right / quiz.questions.length;
}

function toAck(doc: AcknowledgementDoc): Acknowledgement {
  const a: Acknowledgement = {
    policyId: doc.policyId,
    version: doc.version,
    personId: doc.personId,
    typedName: doc.typedName,
    signedAt: doc.signedAt.toISOString(),
    textHash: doc.textHash,
    statementId: doc.statementId,
  };
  if (doc.quizScore !== undefined) a.quizScore = doc.quizScore;
  return a;
}

export function createPolicyService(deps: PolicyDeps) {
  const { policies, acknowledgements } = deps.models;
  const now = deps.now ?? (() => new Date());
  const ext = () => policyExtensions(deps.homePage);

  async function load(id: string): Promise<PolicyDoc> {
    const doc = Types.ObjectId.isValid(id) ? await policies.findById(id).lean<PolicyDoc>().exec() : null;
    if (!doc) throw new NotFoundError('Policy');
    return doc;
  }

  function current(doc: PolicyDoc): PolicyVersion {
    return doc.versions.find((v) => v.version === doc.currentVersion)!;
  }

  function view(doc: PolicyDoc, withAnswers: boolean): PolicyView {
    const v = current(doc);
    const out: PolicyView = {
      id: doc._id.toHexString(),
      title: doc.title,
      currentVersion: doc.currentVersion,
      version: v.version,
      text: v.text,
      textHash: v.textHash,
      publishedAt: new Date(v.publishedAt).toISOString(),
      activityId: policyActivityId(deps.homePage, doc._id.toHexString(), v.version),
      versions: doc.versions.map((x) => ({ version: x.version, textHash: x.textHash, publishedAt: new Date(x.publishedAt).toISOString(), hasQuiz: !!x.quiz })),
    };
    if (v.quiz) out.quiz = withAnswers ? v.quiz : publicQuiz(v.quiz);
    return out;
  }

  function newVersion(version: number, text: string, quiz: CreatePolicyInput['quiz'], by: string): PolicyVersion {
    const v: PolicyVersion = { version, text, textHash: textHash(text), publishedAt: now(), publishedBy: by };
    const q = withQuestionIds(quiz);
    if (q) v.quiz = q;
    return v;
  }

  return {
    async list(withAnswers: boolean): Promise<PolicyView[]> {
      return (await policies.find({}).sort({ title: 1 }).lean<PolicyDoc[]>().exec()).map((d) => view(d, withAnswers));
    },

    async get(id: string, withAnswers: boolean): Promise<PolicyView> {
      return view(await load(id), withAnswers);
    },

    async exists(id: string): Promise<boolean> {
      return Types.ObjectId.isValid(id) && !!(await policies.exists({ _id: id }));
    },

    async create(input: CreatePolicyInput, by: string): Promise<PolicyView> {
      const doc = await policies.create({ title: input.title, currentVersion: 1, versions: [newVersion(1, input.text, input.quiz, by)] });
      return view(doc.toObject() as PolicyDoc, true);
    },

    /** Publishes version N+1: a new activity, so acknowledgement re-opens for everyone who must sign. */
    async publishVersion(id: string, input: NewVersionInput, by: string): Promise<PolicyView> {
      const doc = await load(id);
      const next = Math.max(...doc.versions.map((v) => v.version)) + 1;
      // Conditional on the version we read: two publishers at once cannot both make N+1.
      const updated = await policies
        .findOneAndUpdate(
          { _id: doc._id, currentVersion: doc.currentVersion },
          { $set: { currentVersion: next, ...(input.title ? { title: input.title } : {}) }, $push: { versions: newVersion(next, input.text, input.quiz, by) } },
          { returnDocument: 'after' },
        )
        .lean<PolicyDoc>()
        .exec();
      if (!updated) throw new ConflictError('version: another version was published meanwhile; reload', 'version');
      return view(updated, true);
    },

    async acknowledge(person: User, id: string, input: AcknowledgeInput): Promise<Acknowledgement> {
      const doc = await load(id);
      const v = current(doc);
      if (input.version !== v.version) throw new ConflictError(`version: version ${input.version} is not the current version (${v.version}); read the current text and sign it`, 'version');
      if (!signatureMatches(input.typedName, person.name)) throw new ValidationError(`typedName: type your full name exactly as “${person.name}” to sign`, 'typedName');
      let score: number | undefined;
      if (v.quiz) {
        score = quizScore(v.quiz, input.answers);
        if (score < v.quiz.passMark) throw new QuizNotPassedError(score, v.quiz.passMark);
      }
      const signedAt = now();
      const statementId = randomUUID();
      const policyId = doc._id.toHexString();
      const ack: Omit<AcknowledgementDoc, '_id'> = { policyId, version: v.version, personId: person.id, typedName: input.typedName, signedAt, textHash: v.textHash, statementId };
      if (score !== undefined) ack.quizScore = score;
      let saved: AcknowledgementDoc;
      try {
        saved = (await acknowledgements.create(ack)).toObject() as AcknowledgementDoc;
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new ConflictError(`version: you already acknowledged version ${v.version}`, 'version');
        throw err;
      }
      const result: Record<string, unknown> = { completion: true, success: true, extensions: { [ext().typedName]: input.typedName, [ext().textHash]: v.textHash } };
      if (score !== undefined) result.score = { scaled: score };
      try {
        const write = await deps.writer();
        await write({
          id: statementId,
          actor: learnerAgent(person, deps.homePage),
          verb: { id: VERBS.completed, display: { 'en-US': 'completed' } },
          object: { objectType: 'Activity', id: policyActivityId(deps.homePage, policyId, v.version), definition: { name: { 'en-US': `${doc.title} (version ${v.version})` }, type: 'http://id.tincanapi.com/activitytype/policy' } },
          result,
          context: { extensions: { [ext().version]: v.version, [ext().textHash]: v.textHash } },
          timestamp: signedAt.toISOString(),
        });
      } catch (err) {
        // Nothing half-written: without its statement the acknowledgement does not stand.
        await acknowledgements.deleteOne({ _id: saved._id }).exec();
        throw err;
      }
      return toAck(saved);
    },

    /** Acknowledgements of one person (all versions), newest first. */
    async acknowledgementsOf(personId: string): Promise<Acknowledgement[]> {
      return (await acknowledgements.find({ personId }).sort({ signedAt: -1 }).lean<AcknowledgementDoc[]>().exec()).map(toAck);
    },

    /** Who signed the current version, and who still must. */
    async signatures(id: string): Promise<{ version: number; signed: Array<Acknowledgement & { name: string }>; pending: Array<{ personId: string; name: string }> }> {
      const doc = await load(id);
      const policyId = doc._id.toHexString();
      const acks = (await acknowledgements.find({ policyId, version: doc.currentVersion }).sort({ signedAt: 1 }).lean<AcknowledgementDoc[]>().exec()).map(toAck);
      const signedIds = new Set(acks.map((a) => a.personId));
      const audience = await deps.audience(policyId);
      const names = new Map<string, string>();
      for (const pid of new Set([...audience, ...signedIds])) names.set(pid, (await deps.people.get(pid))?.name ?? pid);
      return {
        version: doc.currentVersion,
        signed: acks.map((a) => ({ ...a, name: names.get(a.personId)! })),
        pending: audience.filter((pid) => !signedIds.has(pid)).map((personId) => ({ personId, name: names.get(personId)! })),
      };
    },
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
