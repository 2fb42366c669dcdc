/**
 * Live-session sign-ups and attendance on a fresh embedded store: a seeded organisation
 * (default 1,000 people) all signing up for one classroom session (default 200 seats),
 * `--concurrency` sign-ups in flight at a time (default 50), each booking a seat or joining
 * the waitlist and mailing an ICS invitation to the outbox; then the trainer takes
 * attendance for everyone booked in one roll (one `attended` statement each). Prints
 * sign-ups/s with p50/p95 latency, the seats taken (must equal capacity: no overbooking)
 * and the roll's statements/s.
 *   npm run bench:blended [-- --people 1000 --seats 200 --concurrency 50]
 * Last line: {"bench":"blended",...}
 */
import { createLrs } from '../lrs/index.js';
import { openBlended } from '../server/blended/blended.js';
import { createMailer } from '../server/notifications/mailer.js';
import type { OutboxDoc } from '../server/notifications/notification-types.js';
import { userModel } from '../server/people/user-model.js';
import { createPeopleService } from '../server/people/user-service.js';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { createMongooseConnection } from '../server/store/mongoose.js';
import { seedOrganisation } from '../test/fixtures/seed-organisation.js';
import { tempDir } from '../test/helpers/temp-dir.js';
import { percentile } from './measure.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

const PEOPLE = arg('people', 1000);
const SEATS = arg('seats', 200);
const CONCURRENCY = arg('concurrency', 50);
const HOME = 'https://lms.example.com';

const store = await openEmbeddedStore({ dir: tempDir('bench-blended-') });
const conn = createMongooseConnection(store);
const users = userModel(conn);
await users.init();
const people = createPeopleService(users);
const lrs = await createLrs({ db: store.db, authorityHomePage: `${HOME}/xapi/clients` });
const outbox = store.db.collection<OutboxDoc>('outbox');
const now = () => new Date();
const blended = await openBlended(store.db, { homePage: HOME, writer: () => lrs.internalWriter('lms'), people, mailer: createMailer({ from: 'lms@example.com', outbox, now }), mailFrom: 'lms@example.com', now, evidenceDir: tempDir('bench-evidence-') });

const org = await seedOrganisation({ db: store.db, people: PEOPLE + 1, departments: 10, seed: 17 });
const [trainerSeed, ...learners] = org.people;
const trainer = (await people.get(trainerSeed!.id))!;
const event = await blended.sessions.create({
  title: 'Bench workshop',
  trainerIds: [trainer.id],
  approval: false,
  sessions: [{ id: 's1', kind: 'classroom', startsAt: '2027-01-10T09:00:00Z', endsAt: '2027-01-10T12:00:00Z', location: 'Room 1', capacity: SEATS }],
});

const latencies: number[] = [];
const t0 = process.hrtime.bigint();
for (let i = 0; i < learners.length; i += CONCURRENCY) {
  await Promise.all(
    learners.slice(i, i + CONCURRENCY).map(async (p) => {
      const person = (await people.get(p.id))!;
      const s = process.hrtime.bigint();
      await blended.sessions.signUp(event.id, 's1', person, person);
      latencies.push(ms(s));
    }),
  );
}
const signupMs = ms(t0);
const roster = await blended.sessions.roster(event.id, 's1', trainer);
const booked = roster.filter((r) => r.status === 'booked');
const waitlisted = roster.filter((r) => r.status === 'waitlisted').length;
const seatsLeft = (await blended.sessions.get(event.id)).sessions[0]!.seatsLeft;
const invitations = await outbox.countDocuments({});
console.log(`${learners.length} sign-ups (${CONCURRENCY} at a time) in ${(signupMs / 1000).toFixed(2)} s: ${Math.round(learners.length / (signupMs / 1000))}/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms`);
console.log(`booked ${booked.length} of ${SEATS} seats (seats left ${seatsLeft}), waitlisted ${waitlisted}, invitations in the outbox ${invitations}`);

const t1 = process.hrtime.bigint();
await blended.sessions.takeAttendance(event.id, 's1', trainer, { records: booked.map((b) => ({ personId: b.personId, status: 'attended' as const })) });
const rollMs = ms(t1);
console.log(`attendance for ${booked.length} people in ${(rollMs / 1000).toFixed(2)} s: ${Math.round(booked.length / (rollMs / 1000))} statements/s`);
console.log(
  JSON.stringify({
    bench: 'blended',
    people: learners.length,
    seats: SEATS,
    concurrency: CONCURRENCY,
    signupsPerSec: Math.round(learners.length / (signupMs / 1000)),
    signupP50Ms: +percentile(latencies, 50).toFixed(1),
    signupP95Ms: +percentile(latencies, 95).toFixed(1),
    booked: booked.length,
    overbooked: booked.length > SEATS,
    waitlisted,
    attendancePerSec: Math.round(booked.length / (rollMs / 1000)),
  }),
);
await store.close();
