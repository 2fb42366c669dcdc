/** Opens the blended learning domain: its collections and the task, observation and live-session services. */
import type { StoreDb } from '../store/types.js';
import type { BlendedDeps } from './blended-deps.js';
import { blendedCollections } from './blended-model.js';
import { createEvidenceStore, type EvidenceStore } from './evidence-store.js';
import { createObservationService, type ObservationService } from './observation-service.js';
import { createSessionService, type SessionService } from './session-service.js';
import { createTaskService, type TaskService } from './task-service.js';

export interface Blended {
  tasks: TaskService;
  observations: ObservationService;
  sessions: SessionService;
  /** Evidence files of ticks and observations. */
  evidence: EvidenceStore;
  /** Whether a path step's target exists (paths check refs on save). */
  exists(type: 'task' | 'observation' | 'session', ref: string): Promise<boolean>;
}

export async function openBlended(db: StoreDb, deps: Omit<BlendedDeps, 'cols'>): Promise<Blended> {
  const full: BlendedDeps = { ...deps, cols: await blendedCollections(db) };
  const evidence = createEvidenceStore(full);
  const tasks = createTaskService(full, evidence);
  const observations = createObservationService(full, evidence);
  const sessions = createSessionService(full);
  return {
    tasks,
    observations,
    sessions,
    evidence,
    exists: (type, ref) => (type === 'task' ? tasks.exists(ref) : type === 'observation' ? observations.exists(ref) : sessions.exists(ref)),
  };
}
