/**
 * The self-enrolment catalogue: authors open a package for self-enrolment, HR may restrict
 * it to the people some rule criteria match (the assignment rules' own matcher), and a
 * learner enrols in what is open to them. An enrolment is an assignment with no rule
 * (`selfEnrolledAt`), so it shows on the learner's to-do list and in compliance like any
 * other, and no rule evaluation ends it.
 */
import { Types } from 'mongoose';
import { assignmentKey, type AssignmentDoc, type RuleCriteria, type Target } from '../assignments/assignment-types.js';
import { ruleMatcher } from '../assignments/rule-matching.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { unknownOrgValue } from '../org/org-criteria.js';
import type { OrgKind } from '../org/org-service.js';
import { loadPeopleFacts, ReportingTree, type PersonFacts } from '../org/person-facts.js';
import type { UserModel } from '../people/user-model.js';
import { isDuplicateKeyError, type StoreDb } from '../store/types.js';
import { offersCollection, type CatalogueOfferDoc } from './catalogue-store.js';

export interface CatalogueItem {
  packageId: string;
  title: string;
  kind: string;
  /** HR restricted it to some people (and this person is one of them). */
  restricted: boolean;
  /** The person has it as an active assignment already (enrolled, or assigned by a rule). */
  enrolled: boolean;
}

export interface SelfEnrolmentSettings {
  open: boolean;
  audience: RuleCriteria | null;
}

export interface CatalogueDeps {
  db: StoreDb;
  users: UserModel;
  now: () => Date;
  /** After an enrolment: compute the person's status at once (the compliance service, one person). */
  evaluate: (personIds: string[]) => Promise<unknown>;
  orgLists: () => Promise<Record<OrgKind, Array<{ name: string }>>>;
  /** After an enrolment: the learner's notice and assignment email (once per assignment). */
  announce?: (assignments: AssignmentDoc[]) => Promise<void>;
}

interface PackageRow {
  _id: Types.ObjectId;
  title: string;
  kind: string;
  currentVersion: number;
  archivedAt?: Date | null;
}

export function createCatalogueService(deps: CatalogueDeps) {
  const offers = offersCollection(deps.db);
  const packages = deps.db.collection<PackageRow>('content_packages');
  const assignments = deps.db.collection<AssignmentDoc>('assignments');

  async function packageOf(id: string): Promise<PackageRow | null> {
    if (!/^[0-9a-f]{24}$/i.test(id)) return null;
    return packages.findOne({ _id: new Types.ObjectId(id) });
  }

  const offered = (p: PackageRow | null): p is PackageRow => !!p && p.currentVersion > 0 && !p.archivedAt;

  /** The matcher for an offer's audience, with the reporting tree only when it asks about managers. */
  async function audienceMatcher(audience: RuleCriteria | undefined): Promise<(p: PersonFacts) => boolean> {
    if (!audience) return (p) => p.active;
    const tree = audience.manager ? new ReportingTree(await loadPeopleFacts(deps.users)) : new ReportingTree([]);
    return ruleMatcher(audience, { tree });
  }

  async function personFacts(personId: string): Promise<PersonFacts> {
    const [facts] = await loadPeopleFacts(deps.users, [personId]);
    if (!facts) throw new NotFoundError('Person');
    return facts;
  }

  async function settings(packageId: string): Promise<SelfEnrolmentSettings> {
    if (!(await packageOf(packageId))) throw new NotFoundError('Package');
    const offer = await offers.findOne({ _id: packageId });
    return { open: offer?.open ?? false, audience: offer?.audience ?? null };
  }

  async function save(packageId: string, set: Partial<CatalogueOfferDoc>, actorId: string): Promise<SelfEnrolmentSettings> {
    const existing = await offers.findOne({ _id: packageId });
    const doc: CatalogueOfferDoc = { _id: packageId, open: existing?.open ?? false, ...(existing?.audience ? { audience: existing.audience } : {}), ...set, updatedAt: deps.now(), updatedBy: actorId };
    if ('audience' in set && !set.audience) delete doc.audience;
    await offers.replaceOne({ _id: packageId }, doc, { upsert: true });
    return { open: doc.open, audience: doc.audience ?? null };
  }

  return {
    settings,

    /** Authors open or close a package for self-enrolment. */
    async setOpen(packageId: string, open: boolean, actorId: string): Promise<SelfEnrolmentSettings> {
      const pkg = await packageOf(packageId);
      if (!pkg) throw new NotFoundError('Package');
      if (open && !offered(pkg)) throw new ValidationError('open: this package is archived or has no version yet; it cannot be offered', 'open');
      return save(packageId, { open }, actorId);
    },

    /** HR restricts who may enrol (criteria as in assignment rules), or lifts it (null). */
    async setAudience(packageId: string, audience: RuleCriteria | null, actorId: string): Promise<SelfEnrolmentSettings> {
      if (!(await packageOf(packageId))) throw new NotFoundError('Package');
      if (audience) {
        const any = audience.everyone || audience.people?.length || audience.jobRoles?.length || audience.departments?.length || audience.locations?.length || audience.hiredAfter || audience.hiredBefore || audience.manager;
        if (!any) throw new ValidationError('audience: name at least one criterion, or send null for everyone', 'audience');
        const unknown = unknownOrgValue(audience, await deps.orgLists());
        if (unknown) throw new ValidationError(`${unknown.field.replace(/^criteria/, 'audience')}: there is no “${unknown.value}” on the organisation's lists`, unknown.field.replace(/^criteria/, 'audience'));
      }
      return save(packageId, { audience: audience ?? undefined }, actorId);
    },

    /** Every course open for self-enrolment, with its audience (for HR's overview). */
    async openOffers(): Promise<Array<{ packageId: string; title: string; kind: string; audience: RuleCriteria | null }>> {
      const open = await offers.find({ open: true }).toArray();
      const ids = open.map((o) => o._id).filter((id) => /^[0-9a-f]{24}$/i.test(id));
      const pkgs = new Map((await packages.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }).toArray()).map((p) => [String(p._id), p]));
      return open
        .flatMap((o) => {
          const pkg = pkgs.get(o._id) ?? null;
          return offered(pkg) ? [{ packageId: o._id, title: pkg.title, kind: pkg.kind, audience: o.audience ?? null }] : [];
        })
        .sort((a, b) => a.title.localeCompare(b.title));
    },

    /** What this person may enrol in: open, offered packages whose audience includes them. */
    async listFor(personId: string): Promise<CatalogueItem[]> {
      const open = await offers.find({ open: true }).toArray();
      if (!open.length) return [];
      const person = await personFacts(personId);
      const ids = open.map((o) => o._id).filter((id) => /^[0-9a-f]{24}$/i.test(id));
      const pkgs = new Map((await packages.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }).toArray()).map((p) => [String(p._id), p]));
      const mine = new Set((await assignments.find({ personId, active: true, 'target.type': 'package' }).toArray()).map((a) => a.target.id));
      const items: CatalogueItem[] = [];
      for (const o of open) {
        const pkg = pkgs.get(o._id) ?? null;
        if (!offered(pkg) || !(await audienceMatcher(o.audience))(person)) continue;
        items.push({ packageId: o._id, title: pkg.title, kind: pkg.kind, restricted: !!o.audience, enrolled: mine.has(o._id) });
      }
      return items.sort((a, b) => a.title.localeCompare(b.title));
    },

    /**
     * Enrols the person: 404 when the package is not open for self-enrolment (or not
     * offered at all), 403 when HR restricted it to others. Enrolling twice is harmless.
     */
    async enrol(personId: string, packageId: string): Promise<{ packageId: string; assignmentId: string; created: boolean }> {
      const offer = await offers.findOne({ _id: packageId, open: true });
      const pkg = offer ? await packageOf(packageId) : null;
      if (!offer || !offered(pkg)) throw new NotFoundError('Course in the catalogue');
      if (!(await audienceMatcher(offer.audience))(await personFacts(personId))) throw new ForbiddenError('This course is open to other people only; ask HR if you need it');
      const target: Target = { type: 'package', id: packageId };
      const now = deps.now();
      const existing = (await assignments.find({ personId, 'target.type': 'package', 'target.id': packageId }).toArray()).sort((a, b) => b.cycle - a.cycle)[0];
      let live: AssignmentDoc | null = null;
      let id: string;
      if (existing?.active) {
        id = existing._id;
      } else if (existing) {
        // Ended earlier (a rule stopped matching): the same cycle is live again, as the learner's own choice.
        const revived = { active: true, assignedAt: now, selfEnrolledAt: now, title: pkg.title };
        await assignments.updateOne({ _id: existing._id }, { $set: revived, $unset: { endedReason: 1, endedAt: 1 } });
        id = existing._id;
        live = { ...existing, ...revived };
      } else {
        const doc: AssignmentDoc = { _id: assignmentKey(personId, target, 0), personId, target, cycle: 0, assignedAt: now, active: true, title: pkg.title, selfEnrolledAt: now };
        try {
          await assignments.insertOne(doc);
          live = doc;
        } catch (err) {
          // A second click raced the first: the one assignment exists, which is what was asked.
          if (!isDuplicateKeyError(err)) throw err;
        }
        id = doc._id;
      }
      const created = !!live;
      if (live) {
        await deps.evaluate([personId]);
        // The notice is keyed by the assignment: a revived one was announced when first made and is not again.
        await deps.announce?.([live]);
      }
      return { packageId, assignmentId: id, created };
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
