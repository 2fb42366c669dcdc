/**
 * Live sessions: events with classroom (location, seats) or virtual (join URL) sessions.
 * Sign-up books a seat when one is left, else waitlists; with `approval` it waits for the
 * person's manager (or HR) first. Seats are a counter taken and given back with one
 * conditional update each, so concurrent sign-ups never overbook. Booking, promotion from
 * the waitlist and cancellation email the person with an ICS invitation (ics.ts). The
 * trainer takes attendance; attended and partial are written as `attended` (result.completion
 * true only for attended) on the event, the session as parent, the trainer as instructor;
 * an attended event completes a `session` path step.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { learnerAgent } from '../learning-record/identity.js';
import { derivedUuid } from '../paths/path-service.js';
import { hasRole, type User } from '../people/user-service.js';
import { isDuplicateKeyError } from '../store/types.js';
import { ACTIVITY_TYPES, BLENDED_VERBS, blendedExtensions, eventActivityId, sessionActivityId } from './blended-identity.js';
import { writeOnce, type BlendedDeps } from './blended-deps.js';
import type { Attendance, EventDoc, SessionDef, SignupDoc } from './blended-model.js';
import type { AttendanceInput, EventInput, EventUpdate, SessionPatch } from './blended-schema.js';
import { buildIcs } from './ics.js';

export interface SessionView {
  id: string;
  kind: SessionDef['kind'];
  startsAt: string;
  endsAt: string;
  location?: string;
  joinUrl?: string;
  capacity?: number;
  seatsLeft: number | null;
  cancelled: boolean;
  activityId: string;
}

export interface EventView {
  id: string;
  title: string;
  description?: string;
  trainerIds: string[];
  approval: boolean;
  activityId: string;
  sessions: SessionView[];
}

export interface SignupView {
  id: string;
  eventId: string;
  sessionId: string;
  personId: string;
  name?: string;
  status: SignupDoc['status'];
  attendance?: Attendance;
}

const seatKey = (eventId: string, sessionId: string) => `${eventId}:${sessionId}`;

function toSignup(s: SignupDoc, name?: string): SignupView {
  return { id: s._id, eventId: s.eventId, sessionId: s.sessionId, personId: s.personId, ...(name ? { name } : {}), status: s.status, ...(s.attendance ? { attendance: s.attendance } : {}) };
}

export function createSessionService(deps: BlendedDeps) {
  const { events, seats, signups } = deps.cols;

  async function load(id: string): Promise<EventDoc> {
    const e = await events.findOne({ _id: id });
    if (!e) throw new NotFoundError('Event');
    return e;
  }

  function sessionOf(e: EventDoc, sessionId: string): SessionDef {
    const s = e.sessions.find((x) => x.id === sessionId);
    if (!s) throw new NotFoundError('Session');
    return s;
  }

  async function view(e: EventDoc): Promise<EventView> {
    const left = new Map((await seats.find({ _id: { $in: e.sessions.map((s) => seatKey(e._id, s.id)) } }).toArray()).map((s) => [s._id, s.left]));
    return {
      id: e._id,
      title: e.title,
      ...(e.description ? { description: e.description } : {}),
      trainerIds: e.trainerIds,
      approval: e.approval,
      activityId: eventActivityId(deps.homePage, e._id),
      sessions: e.sessions.map((s) => ({
        id: s.id,
        kind: s.kind,
        startsAt: new Date(s.startsAt).toISOString(),
        endsAt: new Date(s.endsAt).toISOString(),
        ...(s.location ? { location: s.location } : {}),
        ...(s.joinUrl ? { joinUrl: s.joinUrl } : {}),
        ...(s.capacity !== undefined ? { capacity: s.capacity } : {}),
        seatsLeft: s.capacity === undefined ? null : (left.get(seatKey(e._id, s.id)) ?? s.capacity),
        cancelled: !!s.cancelledAt,
        activityId: sessionActivityId(deps.homePage, e._id, s.id),
      })),
    };
  }

  /** Takes a seat if one is left (true), or none for an unlimited session. */
  async function takeSeat(e: EventDoc, s: SessionDef): Promise<boolean> {
    if (s.capacity === undefined) return true;
    return !!(await seats.findOneAndUpdate({ _id: seatKey(e._id, s.id), left: { $gt: 0 } }, { $inc: { left: -1 } }, { returnDocument: 'after' }));
  }

  async function giveSeatBack(e: EventDoc, s: SessionDef): Promise<void> {
    if (s.capacity !== undefined) await seats.updateOne({ _id: seatKey(e._id, s.id) }, { $inc: { left: 1 } });
  }

  async function invite(e: EventDoc, s: SessionDef, person: User, method: 'REQUEST' | 'CANCEL', why: string, subject = method === 'CANCEL' ? 'Cancelled' : 'Booked'): Promise<void> {
    const where = s.kind === 'classroom' ? `Where: ${s.location}` : `Join: ${s.joinUrl}`;
    const when = `${new Date(s.startsAt).toISOString().replace('T', ' ').slice(0, 16)}–${new Date(s.endsAt).toISOString().slice(11, 16)} UTC`;
    const ics = buildIcs({
      // One UID per person and session: a later CANCEL withdraws exactly that invitation.
      uid: `${derivedUuid(`invite:${e._id}:${s.id}:${person.id}`)}@${new URL(deps.homePage).hostname}`,
      method,
      // An update keeps the UID and raises SEQUENCE; a cancel is one above the last update.
      sequence: (s.sequence ?? 0) + (method === 'CANCEL' ? 1 : 0),
      stamp: deps.now(),
      start: new Date(s.startsAt),
      end: new Date(s.endsAt),
      summary: e.title,
      ...(e.description ? { description: e.description } : {}),
      ...(s.location ? { location: s.location } : {}),
      ...(s.joinUrl ? { url: s.joinUrl } : {}),
      organizer: { name: 'Learning', email: deps.mailFrom.replace(/^.*<([^>]+)>.*$/, '$1') },
      attendee: { name: person.name, email: person.email },
    });
    await deps.mailer.send({
      to: person.email,
      subject: `${subject}: ${e.title}, ${when}`,
      text: `${why}\n\n${e.title}\n${when}\n${where}\n`,
      attachments: [{ filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, content: ics }],
    });
  }

  /** Moves waitlisted people into freed seats, oldest first, inviting each. */
  async function promote(e: EventDoc, s: SessionDef): Promise<void> {
    for (;;) {
      const next = await signups.find({ eventId: e._id, sessionId: s.id, status: 'waitlisted' }).sort({ queuedAt: 1 }).limit(1).toArray();
      if (!next.length || !(await takeSeat(e, s))) return;
      const moved = await signups.findOneAndUpdate({ _id: next[0]!._id, status: 'waitlisted' }, { $set: { status: 'booked', queuedAt: deps.now() } }, { returnDocument: 'after' });
      if (!moved) {
        await giveSeatBack(e, s);
        continue;
      }
      const person = await deps.people.get(moved.personId);
      if (person) await invite(e, s, person, 'REQUEST', 'A seat came free: you are booked.');
    }
  }

  /** Books or waitlists a pending (or new) sign-up; only one caller moves it (two approvals at once take one seat). */
  async function place(e: EventDoc, s: SessionDef, signupId: string, person: User): Promise<SignupDoc> {
    const booked = await takeSeat(e, s);
    const updated = await signups.findOneAndUpdate({ _id: signupId, status: 'pending' }, { $set: { status: booked ? 'booked' : 'waitlisted', queuedAt: deps.now() } }, { returnDocument: 'after' });
    if (!updated) {
      if (booked) await giveSeatBack(e, s);
      throw new ConflictError('approve: the sign-up was decided or cancelled meanwhile', 'approve');
    }
    if (booked) await invite(e, s, person, 'REQUEST', 'You are booked.');
    return updated;
  }

  const bookedCount = (eventId: string, sessionId: string) => signups.countDocuments({ eventId, sessionId, status: 'booked' });

  /**
   * Moves the seat counter to a new capacity in one conditional update: a cut takes
   * seats only if that many are free, so it never drops below the people booked.
   */
  async function resize(e: EventDoc, s: SessionDef, capacity: number): Promise<void> {
    const refuse = async () => {
      const booked = await bookedCount(e._id, s.id);
      throw new ConflictError(`capacity: ${booked} ${booked === 1 ? 'person is' : 'people are'} booked on session “${s.id}”; the capacity cannot go below that`, 'capacity');
    };
    if (s.capacity === undefined) {
      // An unlimited (virtual) session gets a counter for the first time.
      const booked = await bookedCount(e._id, s.id);
      if (booked > capacity) await refuse();
      await seats.updateOne({ _id: seatKey(e._id, s.id) }, { $set: { left: capacity - booked } }, { upsert: true });
      return;
    }
    const delta = capacity - s.capacity;
    if (delta === 0) return;
    const moved = await seats.findOneAndUpdate({ _id: seatKey(e._id, s.id), left: { $gte: Math.max(0, -delta) } }, { $inc: { left: delta } }, { returnDocument: 'after' });
    if (!moved) await refuse();
  }

  const isTrainer = (e: EventDoc, actor: User) => e.trainerIds.includes(actor.id) || hasRole(actor, 'hr', 'admin');

  return {
    async create(input: EventInput): Promise<EventView> {
      const ids = new Set<string>();
      input.sessions.forEach((s, i) => {
        if (ids.has(s.id)) throw new ValidationError(`sessions.${i}.id: the id "${s.id}" is used twice`, `sessions.${i}.id`);
        ids.add(s.id);
      });
      for (const [i, t] of input.trainerIds.entries()) {
        if (!(await deps.people.get(t))) throw new ValidationError(`trainerIds.${i}: no person with id "${t}"`, `trainerIds.${i}`);
      }
      const doc: EventDoc = {
        _id: randomUUID(),
        title: input.title,
        trainerIds: input.trainerIds,
        approval: input.approval,
        createdAt: deps.now(),
        sessions: input.sessions.map((s) => {
          const d: SessionDef = { id: s.id, kind: s.kind, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) };
          if (s.location) d.location = s.location;
          if (s.joinUrl) d.joinUrl = s.joinUrl;
          if (s.capacity !== undefined) d.capacity = s.capacity;
          return d;
        }),
      };
      if (input.description) doc.description = input.description;
      // Seat counters first: an event is never visible without them.
      const counted = doc.sessions.filter((s) => s.capacity !== undefined);
      if (counted.length) await seats.insertMany(counted.map((s) => ({ _id: seatKey(doc._id, s.id), left: s.capacity! })));
      await events.insertOne(doc);
      return view(doc);
    },

    /** Title, description, trainers, approval; the sessions are edited one by one. */
    async update(id: string, input: EventUpdate): Promise<EventView> {
      await load(id);
      for (const [i, t] of input.trainerIds.entries()) {
        if (!(await deps.people.get(t))) throw new ValidationError(`trainerIds.${i}: no person with id "${t}"`, `trainerIds.${i}`);
      }
      const set: Partial<EventDoc> = { title: input.title, trainerIds: input.trainerIds, approval: input.approval };
      if (input.description) set.description = input.description;
      const updated = await events.findOneAndUpdate({ _id: id }, { $set: set, ...(input.description ? {} : { $unset: { description: '' } }) }, { returnDocument: 'after' });
      if (!updated) throw new NotFoundError('Event');
      return view(updated);
    },

    /**
     * Changes a session's time, place, join URL or seats. A capacity below the people
     * booked is refused (409 naming capacity); more seats go to the waitlist. A change of
     * time or place raises the invitation's SEQUENCE and sends everyone booked the updated ICS.
     */
    async updateSession(eventId: string, sessionId: string, patch: SessionPatch): Promise<EventView> {
      const e = await load(eventId);
      const s = sessionOf(e, sessionId);
      if (s.cancelledAt) throw new ConflictError(`sessionId: the session “${s.id}” is cancelled`, 'sessionId');
      if (patch.location !== undefined && s.kind !== 'classroom') throw new ValidationError('location: only a classroom session has a location', 'location');
      if (patch.joinUrl !== undefined && s.kind !== 'virtual') throw new ValidationError('joinUrl: only a virtual session has a join URL', 'joinUrl');
      const next: SessionDef = { ...s };
      if (patch.startsAt) next.startsAt = new Date(patch.startsAt);
      if (patch.endsAt) next.endsAt = new Date(patch.endsAt);
      if (patch.location) next.location = patch.location;
      if (patch.joinUrl) next.joinUrl = patch.joinUrl;
      if (patch.capacity !== undefined) next.capacity = patch.capacity;
      if (next.endsAt.getTime() <= next.startsAt.getTime()) throw new ValidationError(`endsAt: must be after startsAt (${next.startsAt.toISOString()})`, patch.endsAt ? 'endsAt' : 'startsAt');
      const moved =
        next.startsAt.getTime() !== new Date(s.startsAt).getTime() || next.endsAt.getTime() !== new Date(s.endsAt).getTime() || next.location !== s.location || next.joinUrl !== s.joinUrl;
      if (moved) next.sequence = (s.sequence ?? 0) + 1;
      if (patch.capacity !== undefined) await resize(e, s, patch.capacity);
      // The whole element in one path (the embedded store refuses several positional paths at
      // once), and only while it is not cancelled: a cancel meanwhile is not overwritten.
      const updated = await events.findOneAndUpdate(
        { _id: eventId, sessions: { $elemMatch: { id: sessionId, cancelledAt: { $exists: false } } } },
        { $set: { 'sessions.$': next } },
        { returnDocument: 'after' },
      );
      if (!updated) {
        // Give the seats back as they were: the change does not stand.
        if (patch.capacity !== undefined && s.capacity !== undefined) await seats.updateOne({ _id: seatKey(e._id, s.id) }, { $inc: { left: s.capacity - patch.capacity } });
        throw new ConflictError(`sessionId: the session “${s.id}” was cancelled meanwhile`, 'sessionId');
      }
      const now = sessionOf(updated, sessionId);
      if (moved) {
        for (const b of await signups.find({ eventId, sessionId, status: 'booked' }).toArray()) {
          const person = await deps.people.get(b.personId);
          if (person) await invite(updated, now, person, 'REQUEST', 'The session has changed: the invitation below replaces the one you had.', 'Updated');
        }
      }
      if (patch.capacity !== undefined && patch.capacity > (s.capacity ?? Infinity)) await promote(updated, now);
      return view(updated);
    },

    async list(): Promise<EventView[]> {
      return Promise.all((await events.find({}).sort({ title: 1 }).toArray()).map(view));
    },

    async get(id: string): Promise<EventView> {
      return view(await load(id));
    },

    async exists(id: string): Promise<boolean> {
      return !!(await events.findOne({ _id: id }));
    },

    /** Signs `person` up (themselves, or by their manager or HR). */
    async signUp(eventId: string, sessionId: string, actor: User, person: User): Promise<SignupView> {
      const e = await load(eventId);
      const s = sessionOf(e, sessionId);
      if (actor.id !== person.id && person.managerId !== actor.id && !hasRole(actor, 'hr', 'admin')) throw new ForbiddenError('You may sign up yourself and your direct reports only');
      if (s.cancelledAt) throw new ConflictError(`sessionId: the session “${s.id}” is cancelled`, 'sessionId');
      // Late joiners may sign up while it runs; once it is over only attendance is left.
      if (new Date(s.endsAt).getTime() <= deps.now().getTime()) throw new ConflictError(`sessionId: the session “${s.id}” is over`, 'sessionId');
      // Approval is needed when the event asks for it, unless the manager or HR signs them up.
      const needsApproval = e.approval && actor.id === person.id;
      const doc: SignupDoc = { _id: randomUUID(), eventId, sessionId, personId: person.id, status: 'pending', queuedAt: deps.now() };
      let id = doc._id;
      try {
        await signups.insertOne(doc);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // A cancelled or declined sign-up is reopened (on this session); an active one is a conflict.
        const reopened = await signups.findOneAndUpdate(
          { eventId, personId: person.id, status: { $in: ['cancelled', 'declined'] } },
          { $set: { sessionId, status: 'pending', queuedAt: deps.now() }, $unset: { attendance: '', attendanceBy: '', attendanceStatementId: '' } },
          { returnDocument: 'after' },
        );
        if (!reopened) throw new ConflictError(`personId: ${person.name} is already signed up for “${e.title}”`, 'personId');
        id = reopened._id;
      }
      if (needsApproval) {
        const manager = person.managerId ? await deps.people.get(person.managerId) : null;
        if (manager) {
          await deps.mailer.send({
            to: manager.email,
            subject: `Approve: ${person.name} for ${e.title}`,
            text: `${person.name} asks to join “${e.title}” (${new Date(s.startsAt).toISOString().replace('T', ' ').slice(0, 16)} UTC).\n\nApprove or decline on Tasks & sessions: ${deps.homePage}/#/blended\n`,
          });
        }
        return toSignup((await signups.findOne({ _id: id }))!, person.name);
      }
      return toSignup(await place(e, s, id, person), person.name);
    },

    /** The person's manager or HR approves (book or waitlist) or declines a pending sign-up. */
    async decide(signupId: string, actor: User, approve: boolean): Promise<SignupView> {
      const signup = await signups.findOne({ _id: signupId });
      if (!signup) throw new NotFoundError('Sign-up');
      const person = await deps.people.get(signup.personId);
      if (!person) throw new NotFoundError('Person');
      if (person.managerId !== actor.id && !hasRole(actor, 'hr', 'admin')) throw new ForbiddenError(`Only ${person.name}'s manager or HR may approve this sign-up`);
      if (signup.status !== 'pending') throw new ConflictError(`approve: the sign-up is ${signup.status}, not waiting for approval`, 'approve');
      const e = await load(signup.eventId);
      if (!approve) return toSignup((await signups.findOneAndUpdate({ _id: signupId, status: 'pending' }, { $set: { status: 'declined' } }, { returnDocument: 'after' }))!, person.name);
      return toSignup(await place(e, sessionOf(e, signup.sessionId), signupId, person), person.name);
    },

    /** The person (or their manager, or HR) cancels; a freed seat goes to the waitlist. */
    async cancelSignup(signupId: string, actor: User): Promise<SignupView> {
      const signup = await signups.findOne({ _id: signupId });
      if (!signup) throw new NotFoundError('Sign-up');
      const person = await deps.people.get(signup.personId);
      if (!person) throw new NotFoundError('Person');
      if (actor.id !== person.id && person.managerId !== actor.id && !hasRole(actor, 'hr', 'admin')) throw new ForbiddenError('You may cancel your own and your direct reports’ sign-ups only');
      const was = await signups.findOneAndUpdate({ _id: signupId, status: { $in: ['pending', 'booked', 'waitlisted'] } }, { $set: { status: 'cancelled' } }, { returnDocument: 'before' });
      if (!was) throw new ConflictError(`id: the sign-up is already ${signup.status}`, 'id');
      const e = await load(signup.eventId);
      const s = sessionOf(e, signup.sessionId);
      if (was.status === 'booked') {
        await invite(e, s, person, 'CANCEL', 'Your place is cancelled.');
        await giveSeatBack(e, s);
        await promote(e, s);
      }
      return toSignup({ ...was, status: 'cancelled' }, person.name);
    },

    /** HR cancels a whole session: everyone on it is told (booked ones with an ICS cancel). */
    async cancelSession(eventId: string, sessionId: string): Promise<{ notified: number }> {
      const e = await load(eventId);
      const s = sessionOf(e, sessionId);
      if (s.cancelledAt) throw new ConflictError(`sessionId: the session “${s.id}” is already cancelled`, 'sessionId');
      await events.updateOne({ _id: eventId, 'sessions.id': sessionId }, { $set: { 'sessions.$.cancelledAt': deps.now() } });
      const affected = await signups.find({ eventId, sessionId, status: { $in: ['pending', 'booked', 'waitlisted'] } }).toArray();
      await signups.updateMany({ eventId, sessionId, status: { $in: ['pending', 'booked', 'waitlisted'] } }, { $set: { status: 'cancelled' } });
      for (const a of affected) {
        const person = await deps.people.get(a.personId);
        if (!person) continue;
        if (a.status === 'booked') await invite(e, s, person, 'CANCEL', 'This session is cancelled. Sign up for another session of the event.');
        else await deps.mailer.send({ to: person.email, subject: `Cancelled: ${e.title}`, text: `The session you were ${a.status === 'waitlisted' ? 'waitlisted for' : 'waiting for approval on'} is cancelled.` });
      }
      return { notified: affected.length };
    },

    /** Sign-ups of a session (trainers and HR), or of the person (their own). */
    async roster(eventId: string, sessionId: string, actor: User): Promise<SignupView[]> {
      const e = await load(eventId);
      sessionOf(e, sessionId);
      if (!isTrainer(e, actor)) throw new ForbiddenError('Only the event’s trainers and HR see the roster');
      const list = await signups.find({ eventId, sessionId }).sort({ queuedAt: 1 }).toArray();
      return Promise.all(list.map(async (s) => toSignup(s, (await deps.people.get(s.personId))?.name)));
    },

    /** Sign-ups waiting for `actor` to approve: their direct reports' (HR: everyone's). */
    async pendingFor(actor: User): Promise<Array<SignupView & { eventTitle: string }>> {
      const out: Array<SignupView & { eventTitle: string }> = [];
      for (const p of await signups.find({ status: 'pending' }).sort({ queuedAt: 1 }).toArray()) {
        const person = await deps.people.get(p.personId);
        if (!person || (person.managerId !== actor.id && !hasRole(actor, 'hr', 'admin'))) continue;
        const e = await events.findOne({ _id: p.eventId });
        if (e) out.push({ ...toSignup(p, person.name), eventTitle: e.title });
      }
      return out;
    },

    async signupsOf(personId: string): Promise<SignupView[]> {
      return (await signups.find({ personId }).sort({ queuedAt: -1 }).toArray()).map((s) => toSignup(s));
    },

    /**
     * The trainer records attendance for booked people. Everything is checked before
     * anything is written; each record's statement id derives from sign-up and status, so
     * taking the same attendance twice writes nothing new.
     */
    async takeAttendance(eventId: string, sessionId: string, actor: User, input: AttendanceInput): Promise<SignupView[]> {
      const e = await load(eventId);
      const s = sessionOf(e, sessionId);
      if (!isTrainer(e, actor)) throw new ForbiddenError(`Only the trainers of “${e.title}” and HR take attendance`);
      if (s.cancelledAt) throw new ConflictError(`sessionId: the session “${s.id}” is cancelled`, 'sessionId');
      // Attendance before the session starts would complete path steps for something that has not happened.
      if (new Date(s.startsAt).getTime() > deps.now().getTime()) throw new ConflictError(`sessionId: the session “${s.id}” has not started yet; take attendance from ${new Date(s.startsAt).toISOString()}`, 'sessionId');
      const rows: Array<{ signup: SignupDoc; person: User; status: Attendance }> = [];
      for (const [i, r] of input.records.entries()) {
        const signup = await signups.findOne({ eventId, sessionId, personId: r.personId, status: 'booked' });
        if (!signup) throw new ValidationError(`records.${i}.personId: "${r.personId}" is not booked on this session`, `records.${i}.personId`);
        const person = await deps.people.get(r.personId);
        if (!person) throw new ValidationError(`records.${i}.personId: no person with id "${r.personId}"`, `records.${i}.personId`);
        rows.push({ signup, person, status: r.status });
      }
      const ext = blendedExtensions(deps.homePage);
      const out: SignupView[] = [];
      for (const { signup, person, status } of rows) {
        let statementId: string | undefined;
        if (status !== 'no_show') {
          statementId = derivedUuid(`attendance:${signup._id}:${status}`);
          await writeOnce(deps, {
            id: statementId,
            actor: learnerAgent(person, deps.homePage),
            verb: { id: BLENDED_VERBS.attended, display: { 'en-US': 'attended' } },
            object: { objectType: 'Activity', id: eventActivityId(deps.homePage, e._id), definition: { name: { 'en-US': e.title }, type: ACTIVITY_TYPES.event } },
            result: { completion: status === 'attended', extensions: { [ext.attendance]: status } },
            context: {
              instructor: learnerAgent(actor, deps.homePage),
              contextActivities: {
                parent: [{ objectType: 'Activity', id: sessionActivityId(deps.homePage, e._id, s.id), definition: { name: { 'en-US': `${e.title}, session ${s.id}` }, type: ACTIVITY_TYPES.session } }],
              },
              extensions: { [ext.attendance]: status },
            },
            timestamp: deps.now().toISOString(),
          });
        }
        const set: Partial<SignupDoc> = { attendance: status, attendanceBy: actor.id };
        if (statementId) set.attendanceStatementId = statementId;
        const updated = await signups.findOneAndUpdate({ _id: signup._id }, { $set: set }, { returnDocument: 'after' });
        out.push(toSignup(updated!, person.name));
      }
      return out;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
