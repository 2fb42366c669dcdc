/**
 * LRS clients: a key, a secret shown once, scopes, and the authority their statements
 * carry. Secrets are 32 random bytes, so a salted SHA-256 at rest is as strong as a slow
 * hash (nobody can brute-force 256 random bits) and costs a microsecond, not the ~50 ms
 * of scrypt that would cap throughput; the client record is also cached briefly.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Agent } from '../agents.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { LrsDb, StoreCollection } from '../store.js';
import { SCOPES, type Scope } from './scopes.js';

export interface LrsClientRecord {
  _id: string; // the key
  name: string;
  scopes: Scope[];
  authority: Agent;
  salt: string;
  secretHash: string;
  active: boolean;
  createdAt: Date;
  revokedAt?: Date;
  /** Internal clients (the LMS's own writes) have no secret and cannot log in over HTTP. */
  internal?: boolean;
}

export interface LrsClient {
  key: string;
  name: string;
  scopes: Scope[];
  authority: Agent;
  active: boolean;
  createdAt: string;
  internal: boolean;
}

export interface CredentialServiceOptions {
  db: LrsDb;
  /** IRL under which client authorities are named: `account.homePage`. */
  authorityHomePage: string;
  now?: () => Date;
  /** How long a verified client is trusted before the store is asked again. */
  cacheMs?: number;
}

const COLLECTION = 'lrs_clients';

/** The key of the internal client named `name` (the host's own writers; no secret, no HTTP). */
export function internalClientKey(name: string): string {
  return `${INTERNAL_PREFIX}${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

const INTERNAL_PREFIX = 'internal-';

/**
 * Whether a key is an internal client's: they have no secret, so only the host process
 * writes under them (the host trusts such statements as its own); issued keys never start so.
 */
export function isInternalClientKey(key: string): boolean {
  return key.startsWith(INTERNAL_PREFIX);
}

function hashSecret(salt: string, secret: string): string {
  return createHash('sha256').update(salt).update(secret).digest('hex');
}

function toClient(r: LrsClientRecord): LrsClient {
  return { key: r._id, name: r.name, scopes: r.scopes, authority: r.authority, active: r.active, createdAt: r.createdAt.toISOString(), internal: !!r.internal };
}

export class CredentialService {
  private readonly clients: StoreCollection<LrsClientRecord>;
  private readonly now: () => Date;
  private readonly cacheMs: number;
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly opts: CredentialServiceOptions) {
    this.clients = opts.db.collection<LrsClientRecord>(COLLECTION);
    this.now = opts.now ?? (() => new Date());
    this.cacheMs = opts.cacheMs ?? 5_000;
  }

  async create(input: { name: string; scopes: Scope[] }): Promise<{ client: LrsClient; secret: string }> {
    const name = input.name.trim();
    if (!name) throw new BadRequestError('is required', 'name');
    if (!input.scopes.length) throw new BadRequestError('at least one scope is required', 'scopes');
    for (const s of input.scopes) if (!SCOPES.includes(s)) throw new BadRequestError(`unknown scope "${s}"`, 'scopes');
    let key = randomBytes(15).toString('base64url');
    // The internal clients' prefix is reserved: the host trusts statements under it as its own.
    while (isInternalClientKey(key)) key = randomBytes(15).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const salt = randomBytes(16).toString('hex');
    const record: LrsClientRecord = {
      _id: key,
      name,
      scopes: [...new Set(input.scopes)],
      authority: { objectType: 'Agent', name, account: { homePage: this.opts.authorityHomePage, name: key } },
      salt,
      secretHash: hashSecret(salt, secret),
      active: true,
      createdAt: this.now(),
    };
    await this.clients.insertOne(record);
    return { client: toClient(record), secret };
  }

  /** The LMS's own identity for statements it writes through the service API. */
  async internalClient(name: string): Promise<LrsClient> {
    const key = internalClientKey(name);
    const existing = await this.clients.findOne({ _id: key });
    if (existing) return toClient(existing);
    const record: LrsClientRecord = {
      _id: key,
      name,
      scopes: ['all'],
      authority: { objectType: 'Agent', name, account: { homePage: this.opts.authorityHomePage, name: key } },
      salt: '',
      secretHash: '',
      active: true,
      createdAt: this.now(),
      internal: true,
    };
    await this.clients.updateOne({ _id: key }, { $setOnInsert: record }, { upsert: true });
    return toClient(record);
  }

  async list(): Promise<LrsClient[]> {
    return (await this.clients.find({ internal: { $ne: true } }, { sort: { createdAt: 1 } }).toArray()).map(toClient);
  }

  async revoke(key: string): Promise<void> {
    const res = await this.clients.updateOne({ _id: key, active: true }, { $set: { active: false, revokedAt: this.now() } });
    this.cache.delete(key);
    if (res.matchedCount === 0) throw new NotFoundError(`no active client with key ${key}`);
  }

  /** The client for these credentials, or null. Constant-time comparison of the hash. */
  async verify(key: string, secret: string): Promise<LrsClient | null> {
    const t = this.now().getTime();
    let entry = this.cache.get(key);
    if (!entry || entry.until <= t) {
      const record = await this.clients.findOne({ _id: key });
      if (!record || !record.active || record.internal) {
        this.cache.delete(key);
        return null;
      }
      // The record is cached, not the verdict: every request's secret is still checked.
      entry = { client: toClient(record), salt: record.salt, secretHash: record.secretHash, until: t + this.cacheMs };
      this.cache.set(key, entry);
    }
    // A secret equal to the one last verified for this record needs no hashing again.
    const given = Buffer.from(secret);
    if (entry.verified && entry.verified.length === given.length && timingSafeEqual(entry.verified, given)) return entry.client;
    if (!safeEqualHex(hashSecret(entry.salt, secret), entry.secretHash)) return null;
    entry.verified = given;
    return entry.client;
  }
}

interface CacheEntry {
  client: LrsClient;
  salt: string;
  secretHash: string;
  until: number;
  /** The secret last proven right for this record (dropped with the entry). */
  verified?: Buffer;
}

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
