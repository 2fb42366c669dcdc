/**
 * For launch tests: a cmi5 course zip made from a course structure (so each moveOn can
 * be tried), imported straight through the content service, and a small AU that speaks
 * to the LMS over real HTTP as a launched AU would (fetch, LaunchData, statements).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import yazl from 'yazl';
import { offersCollection } from '../../catalogue/catalogue-store.js';
import type { TestApp } from '../../../test/helpers/app.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';

export interface AuSpec {
  id: string;
  moveOn?: string;
  masteryScore?: number;
  launchParameters?: string;
  entitlementKey?: string;
  url?: string;
}

export type Node = { block: string; children: Node[] } | { au: AuSpec };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const titled = (t: string) => `<title><langstring lang="en">${esc(t)}</langstring></title><description><langstring lang="en">${esc(t)}</langstring></description>`;

function xmlOf(n: Node): string {
  if ('block' in n) return `<block id="${esc(n.block)}">${titled(n.block)}${n.children.map(xmlOf).join('')}</block>`;
  const a = n.au;
  const attrs = [`id="${esc(a.id)}"`, `moveOn="${a.moveOn ?? 'Completed'}"`];
  if (a.masteryScore !== undefined) attrs.push(`masteryScore="${a.masteryScore}"`);
  return (
    `<au ${attrs.join(' ')}>${titled(a.id)}<url>${esc(a.url ?? 'au.html')}</url>` +
    (a.launchParameters ? `<launchParameters>${esc(a.launchParameters)}</launchParameters>` : '') +
    (a.entitlementKey ? `<entitlementKey>${esc(a.entitlementKey)}</entitlementKey>` : '') +
    `</au>`
  );
}

export function cmi5Xml(courseId: string, children: Node[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"><course id="${esc(courseId)}">${titled(courseId)}</course>${children.map(xmlOf).join('')}</courseStructure>`;
}

export async function zipOf(files: Record<string, string>): Promise<string> {
  const file = path.join(tempDir('cmi5-zip-'), 'course.zip');
  await new Promise<void>((resolve) => {
    const zip = new yazl.ZipFile();
    for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve());
    zip.end();
  });
  return file;
}

/** Import a course made of `children`; returns its package id. */
export async function importCourse(app: TestApp, children: Node[], courseId = `https://courses.example.com/${randomUUID()}`): Promise<{ packageId: string; courseId: string }> {
  const zip = await zipOf({ 'cmi5.xml': cmi5Xml(courseId, children), 'au.html': '<!doctype html><title>AU</title>' });
  const r = await app.runtime.services.content.importZip({ zipPath: zip, uploadedBy: 'test' });
  // Open to everyone in the catalogue (as an author would on the package page): learners launch only what is assigned or offered to them.
  await offersCollection(app.runtime.store.db).replaceOne({ _id: r.packageId }, { _id: r.packageId, open: true, updatedAt: new Date() }, { upsert: true });
  return { packageId: r.packageId, courseId };
}

const XAPI = { 'x-experience-api-version': '1.0.3' };

/** An AU as launched: its launch parameters, token and LaunchData. */
export class TestAu {
  readonly params: URLSearchParams;
  token = '';
  launchData: any;

  constructor(readonly launchUrl: string) {
    this.params = new URL(launchUrl).searchParams;
  }

  get endpoint() {
    return this.params.get('endpoint')!;
  }
  get actor() {
    return JSON.parse(this.params.get('actor')!);
  }
  get registration() {
    return this.params.get('registration')!;
  }
  get activityId() {
    return this.params.get('activityId')!;
  }
  get sessionId(): string {
    return this.launchData.contextTemplate.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'];
  }

  async fetchToken(): Promise<{ status: number; body: any }> {
    const res = await fetch(this.params.get('fetch')!, { method: 'POST' });
    const body: any = await res.json();
    if (body['auth-token']) this.token = body['auth-token'];
    return { status: res.status, body };
  }

  xapi(method: string, resource: string, query: Record<string, string>, body?: unknown, headers: Record<string, string> = {}) {
    const qs = new URLSearchParams(query).toString();
    return fetch(`${this.endpoint}/${resource}${qs ? `?${qs}` : ''}`, {
      method,
      headers: { ...XAPI, authorization: `Basic ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  stateQuery(stateId: string) {
    return { stateId, activityId: this.activityId, agent: JSON.stringify(this.actor), registration: this.registration };
  }

  /** fetch, LaunchData and learner preferences, as an AU starts (cmi5 8.2, 10, 11). */
  async start(): Promise<void> {
    await this.fetchToken();
    const res = await this.xapi('GET', 'activities/state', this.stateQuery('LMS.LaunchData'));
    if (res.status !== 200) throw new Error(`LaunchData: ${res.status}`);
    this.launchData = await res.json();
    await this.xapi('GET', 'agents/profile', { profileId: 'cmi5LearnerPreferences', agent: JSON.stringify(this.actor) });
  }

  /** A cmi5 defined statement built from the contextTemplate, as the spec asks. */
  statement(verb: string, result?: Record<string, unknown>, opts: { moveOn?: boolean; defined?: boolean } = {}) {
    const context = structuredClone(this.launchData.contextTemplate);
    context.registration = this.registration;
    const category = [];
    if (opts.defined !== false) category.push({ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' });
    const moveOn = opts.moveOn ?? (result?.success !== undefined || result?.completion !== undefined);
    if (moveOn) category.push({ id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' });
    context.contextActivities.category = category;
    if ((verb === 'passed' || verb === 'failed') && this.launchData.masteryScore !== undefined) {
      context.extensions['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'] = this.launchData.masteryScore;
    }
    const verbId = verb.includes(':') ? verb : `http://adlnet.gov/expapi/verbs/${verb}`;
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      actor: this.actor,
      verb: { id: verbId },
      object: { objectType: 'Activity', id: this.activityId },
      ...(result ? { result } : {}),
      context,
    } as Record<string, any>;
  }

  async send(statement: unknown): Promise<{ status: number; body: any }> {
    const res = await this.xapi('POST', 'statements', {}, statement);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

export const D = (verb: string) => ({ duration: 'PT5S', ...(verb === 'completed' ? { completion: true } : {}) });
