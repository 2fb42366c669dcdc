/**
 * Evidence packs as a service: record a request, build it (from the job), report on it,
 * hand out the file. Only HR and admins reach it (the routes say so); a pack is visible
 * to whoever asked and to admins, and to other HR people too, since audits are a team job.
 */
import type { CompletionAuthority } from '../../learning-record/completion-authority.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Types } from 'mongoose';
import { NotFoundError, ConflictError } from '../../http/errors.js';
import type { RecordReader } from '../sources.js';
import type { StoreDb } from '../../store/types.js';
import type { PeopleDirectory } from '../people-directory.js';
import { resolveTarget } from './evidence-target.js';
import { writeEvidencePack, type EvidenceRequest } from './evidence-pack.js';
import type { EvidencePackDoc, EvidencePackModel } from './evidence-pack-model.js';

export interface EvidencePackDeps {
  model: EvidencePackModel;
  db: StoreDb;
  records: RecordReader;
  homePage: string;
  authority: CompletionAuthority;
  dir: string;
  loadPeople: () => Promise<PeopleDirectory>;
  now: () => Date;
  /** Where an evidence file of blended work is on disk, by its SHA-256 (server/blended), to put it in the pack. */
  evidenceFile?: (sha2: string) => Promise<string | null>;
}

export interface EvidencePackView {
  id: string;
  title: string;
  request: EvidenceRequest;
  state: EvidencePackDoc['state'];
  jobId?: string;
  counts?: EvidencePackDoc['counts'];
  bytes?: number;
  error?: string;
  createdAt: string;
  finishedAt?: string;
  downloadUrl?: string;
}

function view(d: EvidencePackDoc): EvidencePackView {
  const id = d._id.toHexString();
  return {
    id,
    title: d.title,
    request: d.request,
    state: d.state,
    ...(d.jobId ? { jobId: d.jobId } : {}),
    ...(d.counts ? { counts: d.counts } : {}),
    ...(d.bytes !== undefined ? { bytes: d.bytes } : {}),
    ...(d.error ? { error: d.error } : {}),
    createdAt: d.createdAt.toISOString(),
    ...(d.finishedAt ? { finishedAt: d.finishedAt.toISOString() } : {}),
    ...(d.state === 'done' ? { downloadUrl: `/api/reports/evidence-packs/${id}/download` } : {}),
  };
}

export function createEvidencePackService(deps: EvidencePackDeps) {
  const { model } = deps;
  const load = async (id: string) => {
    const doc = Types.ObjectId.isValid(id) ? await model.findById(id).lean<EvidencePackDoc>().exec() : null;
    if (!doc) throw new NotFoundError('Evidence pack');
    return doc;
  };

  return {
    /** Records the request (the target must exist); the caller enqueues the job. */
    async create(req: EvidenceRequest, requestedBy: string): Promise<EvidencePackView> {
      const target = await resolveTarget(deps.db, deps.homePage, req.target);
      const doc = await model.create({ requestedBy, request: req, title: target.title, state: 'queued', createdAt: deps.now() });
      return view(doc.toObject() as EvidencePackDoc);
    },

    async attachJob(id: string, jobId: string): Promise<void> {
      await model.updateOne({ _id: id }, { $set: { jobId } }).exec();
    },

    async build(id: string, onProgress: (fraction: number) => void) {
      const doc = await load(id);
      await fs.mkdir(deps.dir, { recursive: true });
      const file = `${id}.zip`;
      const tmp = path.join(deps.dir, `${file}.part`);
      await model.updateOne({ _id: id }, { $set: { state: 'running' } }).exec();
      try {
        const people = await deps.loadPeople();
        onProgress(0.05);
        const counts = await writeEvidencePack(doc.request, { db: deps.db, records: deps.records, people, homePage: deps.homePage, authority: deps.authority, ...(deps.evidenceFile ? { evidenceFile: deps.evidenceFile } : {}) }, tmp, { requestedBy: doc.requestedBy, createdAt: doc.createdAt }, (f) => onProgress(0.05 + f * 0.9));
        // Only a finished file gets the name the download serves.
        await fs.rename(tmp, path.join(deps.dir, file));
        const { size } = await fs.stat(path.join(deps.dir, file));
        await model.updateOne({ _id: id }, { $set: { state: 'done', counts, file, bytes: size, finishedAt: deps.now() } }).exec();
        onProgress(1);
        return { packId: id, counts, bytes: size };
      } catch (err) {
        await fs.rm(tmp, { force: true });
        await model.updateOne({ _id: id }, { $set: { state: 'failed', error: (err as Error).message, finishedAt: deps.now() } }).exec();
        throw err;
      }
    },

    async get(id: string): Promise<EvidencePackView> {
      return view(await load(id));
    },

    async list(limit = 20): Promise<EvidencePackView[]> {
      const docs = await model.find({}).sort({ createdAt: -1 }).limit(limit).lean<EvidencePackDoc[]>().exec();
      return docs.map(view);
    },

    /** The finished file's path and a download name. */
    async file(id: string): Promise<{ path: string; name: string }> {
      const doc = await load(id);
      if (doc.state !== 'done' || !doc.file) throw new ConflictError(`The evidence pack is ${doc.state}, not ready to download`);
      const slug = doc.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'requirement';
      return { path: path.join(deps.dir, doc.file), name: `evidence-${slug}-${doc.createdAt.toISOString().slice(0, 10)}.zip` };
    },
  };
}

export type EvidencePackService = ReturnType<typeof createEvidencePackService>;
