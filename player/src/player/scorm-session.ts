/**
 * One SCO session on the LMS side: scorm-again's Scorm12API or Scorm2004API holding the
 * SCO's CMI data (loaded from the launch descriptor), answering the SCO's calls that
 * CrossFrameLMS receives from the content origin (and from nowhere else). Commits
 * (the SCO's Commit, scorm-again's autocommit, and the terminate commit) go to the
 * CommitQueue through scorm-again's `httpService` hook, so they survive failures.
 */
// The package root: its typings declare the named exports its ESM file has (the subpath
// typings declare default exports the files lack), and one copy of the shared code.
import { CrossFrameLMS, Scorm12API, Scorm2004API } from 'scorm-again';
import { formatDuration, formatTimespan } from '../../../shared/scorm-time.js';
import type { CommitQueue } from './commit-queue.js';

export interface SessionDescriptor {
  sessionId: string;
  itemId: string;
  title: string;
  entry: string;
  cmi: Record<string, unknown>;
  url: string;
  /** SCORM 2004 adlnav:presentation: player controls this SCO asks to hide (continue, previous...). */
  hideLmsUi?: string[];
  /** SCORM 2004 4th ed. adl.data: the SCO's maps and the attempt's stores they name. */
  sharedData?: { maps: { targetID: string; readSharedData: boolean; writeSharedData: boolean }[]; stores: Record<string, string> };
}

/** The parts of scorm-again's ADL object that hold adl.data (4th ed. shared data). */
interface SharedDataHolder {
  configureSharedDataMaps(maps: { targetID: string; readSharedData: boolean; writeSharedData: boolean }[]): void;
  restoreSharedDataSnapshot(stores: Record<string, string>): void;
  captureWritableSharedDataSnapshot(): Record<string, string>;
}

export interface SessionEvents {
  /** The SCO terminated; `navRequest` is SCORM 2004's adl.nav.request ('' when none). */
  onTerminate(navRequest: string): void;
}

type AnyApi = Scorm12API | Scorm2004API;

export class ScormSession {
  readonly api: AnyApi;
  readonly standard: '1.2' | '2004';
  #lms: CrossFrameLMS;
  #seq = 0;
  #navRequest = '';
  /** A navigation request the LMS made while the SCO ran (contents, close): it wins over the SCO's own. */
  #lmsNavRequest = '';
  #terminated = false;
  #initialized = false;
  /** Whether the SCO set cmi.exit itself (the element is write-only: scorm-again will not read it back). */
  #exitSet = false;
  #unloading = false;
  /** Ended by the player (close, switch), not by the SCO: nobody needs telling. */
  #endedByLms = false;
  /** When the SCO initialised, and whether it reported its own session time (else the LMS measures it). */
  #startedAt = 0;
  #sessionTimeSet = false;
  /** adl.nav.request_valid.* as the server's sequencing last answered, flattened for the SCO's cache. */
  #valid: Record<string, string> = {};

  constructor(opts: { standard: '1.2' | '2004'; commitUrl: string; contentOrigin: string; session: SessionDescriptor; queue: CommitQueue; events: SessionEvents }) {
    this.standard = opts.standard;
    const { session, queue } = opts;
    const httpService = {
      // scorm-again calls this for every commit; the queue stores, sends and retries.
      processHttpRequest: (_url: string, params: unknown, immediate: boolean) => {
        this.#seq += 1;
        const cmi = (params as { cmi?: unknown }).cmi ?? params;
        const navRequest = this.#lmsNavRequest || this.#navRequest;
        const adlData = this.#sharedData()?.captureWritableSharedDataSnapshot() ?? {};
        const body = { sessionId: session.sessionId, seq: this.#seq, terminated: immediate, cmi, ...(navRequest ? { navRequest } : {}), ...(Object.keys(adlData).length ? { adlData } : {}) };
        queue.enqueue(opts.commitUrl, body, this.#unloading);
        return { result: 'true', errorCode: 0 };
      },
      updateSettings: () => {},
    };
    const settings = {
      lmsCommitUrl: opts.commitUrl,
      autocommit: true,
      autocommitSeconds: 15,
      logLevel: 5 as const,
      sendFullCommit: true,
      httpService: httpService as never,
    };
    this.api = opts.standard === '1.2' ? new Scorm12API(settings) : new Scorm2004API(settings);
    this.api.loadFromJSON(session.cmi as never, 'cmi');
    if (session.sharedData?.maps.length) {
      this.#hasSharedData = true;
      this.#sharedData()?.configureSharedDataMaps(session.sharedData.maps);
      this.#sharedData()?.restoreSharedDataSnapshot(session.sharedData.stores);
      this.#sharedMaps = session.sharedData.maps;
      this.#sharedStores = session.sharedData.stores;
    }
    // The content origin's API answers GetValue from a cache it refreshes with getFlattenedCMI
    // after every Initialize, SetValue and Commit: adding the navigation answers there keeps
    // the SCO's reads of adl.nav.request_valid.* as live as the server's last answer.
    const flattened = this.api.getFlattenedCMI.bind(this.api);
    this.api.getFlattenedCMI = () => ({ ...flattened(), ...this.#valid, ...this.#sharedDataValues() });
    const finished = () => {
      if (this.#terminated) return;
      this.#terminated = true;
      if (this.#endedByLms) return;
      // Let scorm-again finish its terminate commit first.
      setTimeout(() => opts.events.onTerminate(this.#navRequest), 0);
    };
    if (opts.standard === '1.2') {
      this.api.on('LMSInitialize', () => this.#started());
      this.api.on('LMSFinish', finished);
      this.api.on('LMSSetValue.cmi.core.session_time', () => (this.#sessionTimeSet = true));
      this.api.on('LMSSetValue.cmi.core.exit', (_el: string, value: string) => (this.#exitSet = String(value) !== ''));
    } else {
      this.api.on('Initialize', () => this.#started());
      this.api.on('SetValue.cmi.session_time', () => (this.#sessionTimeSet = true));
      this.api.on('SetValue.adl.nav.request', (_el: string, value: string) => (this.#navRequest = String(value)));
      this.api.on('Terminate', finished);
      this.api.on('SetValue.cmi.exit', (_el: string, value: string) => (this.#exitSet = String(value) !== ''));
    }
    // A SCO that ends its session without reporting its time (many do) gets the time it was
    // open, set just before its terminate: CrossFrameLMS calls these methods on this instance.
    for (const name of ['LMSFinish', 'Terminate'] as const) {
      const api = this.api as unknown as Record<string, (arg: string) => string>;
      const original = api[name];
      if (typeof original !== 'function') continue;
      api[name] = (arg: string) => {
        if (this.#initialized && !this.#terminated && !this.#sessionTimeSet) this.#reportSessionTime();
        return original.call(this.api, arg);
      };
    }
    // Thousands of calls a second are legitimate when a SCO writes many interactions at once.
    this.#lms = new CrossFrameLMS(this.api, opts.contentOrigin, { rateLimit: 5000 });
  }

  #hasSharedData = false;
  #sharedMaps: NonNullable<SessionDescriptor['sharedData']>['maps'] = [];
  #sharedStores: Record<string, string> = {};

  #sharedData(): SharedDataHolder | undefined {
    return this.#hasSharedData && this.api instanceof Scorm2004API ? (this.api.adl as unknown as SharedDataHolder) : undefined;
  }

  /** adl.data.n.id / .store for the launch page's cache (the stores this SCO may read, as last known here). */
  #sharedDataValues(): Record<string, string> {
    if (!this.#hasSharedData) return {};
    const now = { ...this.#sharedStores, ...(this.#sharedData()?.captureWritableSharedDataSnapshot() ?? {}) };
    const out: Record<string, string> = { 'adl.data._count': String(this.#sharedMaps.length) };
    this.#sharedMaps.forEach((m, n) => {
      out[`adl.data.${n}.id`] = m.targetID;
      if (m.readSharedData && m.targetID in now) out[`adl.data.${n}.store`] = now[m.targetID]!;
    });
    return out;
  }

  /** The time since Initialize as the session time (the SCO said none). */
  #reportSessionTime(): void {
    const seconds = (performance.now() - this.#startedAt) / 1000;
    if (this.api instanceof Scorm12API) this.api.LMSSetValue('cmi.core.session_time', formatTimespan(seconds));
    else this.api.SetValue('cmi.session_time', formatDuration(seconds));
  }

  #started(): void {
    this.#initialized = true;
    this.#startedAt = performance.now();
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  /**
   * End the session from the LMS side (the learner closed the player, or the page is going
   * away) when the SCO did not: a terminate commit with what the SCO has set so far.
   */
  finish(unloading = false): void {
    if (this.#terminated) return;
    this.#unloading = unloading;
    this.#endedByLms = true;
    if (!this.#initialized) {
      this.#terminated = true;
      return;
    }
    // The learner left without the SCO ending its session: keep it resumable unless done (the
    // terminate below adds the session time if the SCO never reported one).
    if (this.api instanceof Scorm12API) {
      const status = this.api.LMSGetValue('cmi.core.lesson_status');
      if (!this.#exitSet && status !== 'passed' && status !== 'completed') this.api.LMSSetValue('cmi.core.exit', 'suspend');
      this.api.LMSFinish('');
    } else {
      if (!this.#exitSet && this.api.GetValue('cmi.completion_status') !== 'completed') this.api.SetValue('cmi.exit', 'suspend');
      this.api.Terminate('');
    }
  }

  /**
   * The learner asked the LMS to move while this SCO runs (SCORM 2004): the request goes to
   * the server with the SCO's terminate commit, however the session ends.
   */
  requestNavigation(request: string): void {
    if (!this.#terminated) this.#lmsNavRequest = request;
  }

  /**
   * SCORM 2004: what the server's sequencing allows now, so the SCO's reads of
   * adl.nav.request_valid.* answer from it; called at launch and again whenever the server
   * answers a commit. (scorm-again's own setters refuse after Initialize, and its choice
   * setter stores `{target=X}` keys that its reader, which looks up `X`, never finds: the
   * values are set on its holders directly.)
   */
  offerNavigation(navigation: { continue: boolean; previous: boolean; jump?: Record<string, boolean> }, choosable: Record<string, boolean>): void {
    if (!(this.api instanceof Scorm2004API)) return;
    const yes = (b: boolean) => (b ? 'true' : 'false');
    const valid = this.api.adl.nav.request_valid as unknown as { _continue: string; _previous: string; choice: { setAll(v: Record<string, string>): void }; jump: { setAll(v: Record<string, string>): void } };
    const jumpable = navigation.jump ?? {};
    valid.jump.setAll(Object.fromEntries(Object.entries(jumpable).map(([id, ok]) => [id, yes(ok)])));
    valid._continue = yes(navigation.continue);
    valid._previous = yes(navigation.previous);
    valid.choice.setAll(Object.fromEntries(Object.entries(choosable).map(([id, ok]) => [id, yes(ok)])));
    this.#valid = {
      'adl.nav.request_valid.continue': yes(navigation.continue),
      'adl.nav.request_valid.previous': yes(navigation.previous),
      ...Object.fromEntries(Object.entries(choosable).map(([id, ok]) => [`adl.nav.request_valid.choice.{target=${id}}`, yes(ok)])),
      ...Object.fromEntries(Object.entries(jumpable).map(([id, ok]) => [`adl.nav.request_valid.jump.{target=${id}}`, yes(ok)])),
    };
  }

  /** adl.nav.request_valid.* as the SCO's API cache keys them (for the launch page to take in at once). */
  get navigationValues(): Record<string, string> {
    return { ...this.#valid };
  }

  /** Commit now (the page is going away and the SCO is still running). */
  commitNow(unloading: boolean): void {
    if (this.#terminated || !this.#initialized) return;
    this.#unloading = unloading;
    if (this.api instanceof Scorm12API) this.api.LMSCommit('');
    else this.api.Commit('');
  }

  dispose(): void {
    this.#lms.destroy();
  }
}
