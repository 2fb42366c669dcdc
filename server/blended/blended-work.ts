/**
 * What a person has to do in blended learning, read from the paths they or others are on:
 * the tasks they tick (for themselves or as manager, buddy, HR, a role), the observations
 * they may record, the live sessions of their own paths to sign up for, and the sessions
 * they train. It is what the portal's "Tasks & sessions" page shows.
 */
import type { PathService } from '../paths/path-service.js';
import type { User } from '../people/user-service.js';
import type { Blended } from './blended.js';
import type { EventView, SignupView } from './session-service.js';

export interface WorkItem {
  kind: 'task' | 'observation';
  refId: string;
  title: string;
  personId: string;
  personName: string;
  pathId: string;
  pathTitle: string;
  due?: string;
}

export interface MyWork {
  todo: WorkItem[];
  /** Events on the person's own paths, with their sign-up (if any). */
  sessions: Array<{ event: EventView; pathId: string; pathTitle: string; signup: SignupView | null }>;
  /** Events the person trains. */
  training: EventView[];
  /** Sign-ups waiting for the person's approval (their direct reports'; HR: everyone's). */
  approvals: Array<SignupView & { eventTitle: string }>;
}

export interface BlendedWorkDeps {
  blended: Blended;
  paths: Pick<PathService, 'list'>;
  peopleAssigned: (pathId: string) => Promise<string[]>;
  people: { get(id: string): Promise<User | null> };
}

export function createBlendedWork(deps: BlendedWorkDeps) {
  const { tasks, observations, sessions } = deps.blended;
  return {
    async of(actor: User): Promise<MyWork> {
      const out: MyWork = { todo: [], sessions: [], training: [], approvals: await sessions.pendingFor(actor) };
      const mine = new Map((await sessions.signupsOf(actor.id)).filter((s) => s.status !== 'cancelled' && s.status !== 'declined').map((s) => [s.eventId, s]));
      const seenEvents = new Set<string>();
      for (const path of await deps.paths.list()) {
        const steps = path.steps.filter((s) => s.type === 'task' || s.type === 'observation' || s.type === 'session');
        if (!steps.length) continue;
        const people = (await Promise.all((await deps.peopleAssigned(path.id)).map((id) => deps.people.get(id)))).filter((p): p is User => !!p);
        for (const step of steps) {
          if (step.type === 'session') {
            if (!people.some((p) => p.id === actor.id) || seenEvents.has(step.ref) || !(await sessions.exists(step.ref))) continue;
            seenEvents.add(step.ref);
            out.sessions.push({ event: await sessions.get(step.ref), pathId: path.id, pathTitle: path.title, signup: mine.get(step.ref) ?? null });
            continue;
          }
          // The definition once per step; per person only who may act and whether it is done.
          const item = (person: User) => ({ refId: step.ref, personId: person.id, personName: person.name, pathId: path.id, pathTitle: path.title });
          if (step.type === 'task') {
            if (!(await tasks.exists(step.ref))) continue;
            const task = await tasks.get(step.ref);
            const mine: User[] = [];
            for (const person of people) if (await tasks.mayTick(task, actor, person)) mine.push(person);
            const done = await tasks.doneAmong(step.ref, mine.map((p) => p.id));
            for (const person of mine.filter((p) => !done.has(p.id))) {
              const due = tasks.dueFor(task, person);
              out.todo.push({ kind: 'task', title: task.title, ...item(person), ...(due ? { due } : {}) });
            }
          } else if (await observations.exists(step.ref)) {
            const form = await observations.get(step.ref);
            for (const person of people.filter((p) => observations.mayObserve(form, actor, p))) {
              if ((await observations.of(step.ref, person.id)).some((o) => o.passed)) continue;
              out.todo.push({ kind: 'observation', title: form.title, ...item(person) });
            }
          }
        }
      }
      out.training = (await sessions.list()).filter((e) => e.trainerIds.includes(actor.id));
      return out;
    },
  };
}

export type BlendedWork = ReturnType<typeof createBlendedWork>;
