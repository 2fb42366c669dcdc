/**
 * Getting CMI commits to the server without losing them. Every commit is first written to
 * localStorage (keyed by attempt and session), then POSTed; on failure it is retried with
 * exponential backoff until the server has it, and a page that is closed meanwhile sends
 * it on the next visit (`flushStored`). Only the newest commit of a session matters (each
 * carries the SCO's whole CMI data and a sequence number the server applies once), so the
 * queue keeps one entry per session.
 */

export interface CommitBody {
  sessionId: string;
  seq: number;
  terminated: boolean;
  navRequest?: string;
  /** SCORM 2004 4th ed. adl.data stores the SCO wrote (targetID -> store). */
  adlData?: Record<string, string>;
  cmi: unknown;
}

interface Pending {
  url: string;
  body: CommitBody;
}

export interface QueueState {
  /** Commits not yet confirmed by the server. */
  pending: number;
  /** Set while sending fails: why, and when the next try is. */
  failure?: { message: string; retryAt: number };
  /** A commit the server refused for good (bad data): the learner should know. */
  refused?: string;
}

const PREFIX = 'lms.pending.';
const MAX_DELAY_MS = 30_000;

export interface CommitQueueOptions {
  csrfToken: () => string | undefined;
  onChange: (state: QueueState) => void;
  /** Injected for tests; defaults to window.localStorage. */
  storage?: Storage;
  baseDelayMs?: number;
  /** The server's answer to a stored commit (the attempt's statuses). */
  onCommitted?: (url: string, answer: unknown) => void;
}

export class CommitQueue {
  #storage: Storage;
  #opts: CommitQueueOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inflight: Promise<boolean> | undefined;
  #attempt = 0;
  #state: QueueState = { pending: 0 };

  /**
   * Set while the page goes away: commits made then (the SCO's own unload commit and
   * terminate arrive after the top window's beforeunload, before its pagehide) go by beacon.
   * A cancelled beforeunload leaves the page alive: the flag drops again a second later.
   */
  #pageHidden = false;
  #leaveTimer: ReturnType<typeof setTimeout> | undefined;
  #onBeforeUnload = () => {
    this.#pageHidden = true;
    clearTimeout(this.#leaveTimer);
    this.#leaveTimer = setTimeout(() => (this.#pageHidden = false), 1000);
  };
  #onPageHide = () => {
    clearTimeout(this.#leaveTimer);
    this.#pageHidden = true;
  };
  #onPageShow = () => (this.#pageHidden = false);

  constructor(opts: CommitQueueOptions) {
    this.#opts = opts;
    this.#storage = opts.storage ?? window.localStorage;
    this.#state.pending = this.#entries().length;
    if (typeof window !== 'undefined') {
      window.addEventListener('beforeunload', this.#onBeforeUnload);
      window.addEventListener('pagehide', this.#onPageHide);
      window.addEventListener('pageshow', this.#onPageShow);
    }
  }

  #key(body: CommitBody): string {
    return `${PREFIX}${body.sessionId}`;
  }

  #entries(): Array<[string, Pending]> {
    const out: Array<[string, Pending]> = [];
    for (let i = 0; i < this.#storage.length; i++) {
      const key = this.#storage.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      try {
        out.push([key, JSON.parse(this.#storage.getItem(key) ?? '') as Pending]);
      } catch {
        this.#storage.removeItem(key);
      }
    }
    return out;
  }

  #emit(patch: Partial<QueueState>): void {
    this.#state = { ...this.#state, ...patch, pending: this.#entries().length };
    if (!this.#state.failure) delete this.#state.failure;
    this.#opts.onChange({ ...this.#state });
  }

  get state(): QueueState {
    return { ...this.#state };
  }

  /** Keep the commit (replacing an older one of the same session), then send. */
  enqueue(url: string, body: CommitBody, unloading = false): void {
    const key = this.#key(body);
    const prior = this.#storage.getItem(key);
    if (prior) {
      const p = JSON.parse(prior) as Pending;
      if (p.body.seq > body.seq) return;
      // A terminate must not be lost to a later autocommit of the same session.
      body = { ...body, terminated: body.terminated || p.body.terminated };
    }
    try {
      this.#storage.setItem(key, JSON.stringify({ url, body }));
    } catch {
      // Storage full or disabled: still try the network.
    }
    this.#emit({});
    if (unloading || this.#pageHidden) {
      // Kept in storage all the same: the next visit sends it again if the beacon was lost (the server ignores repeats).
      if (!this.#beacon(url, body)) void this.#post(url, body, true).catch(() => {});
      return;
    }
    this.#attempt = 0;
    this.#schedule(0);
  }

  /** Send whatever is kept, e.g. from a visit that ended offline. Resolves when nothing is pending or sending failed once. */
  async flushStored(): Promise<boolean> {
    clearTimeout(this.#timer);
    // Let a send under way finish, then send whatever is still kept.
    if (this.#inflight) await this.#inflight;
    return this.#entries().length === 0 || this.#sendAll();
  }

  #schedule(delay: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#sendAll(), delay);
  }

  /**
   * The page is going away: navigator.sendBeacon outlives it. It cannot send headers, so the
   * CSRF token rides in the body to the commit URL's beacon twin. False when it could not be queued.
   */
  #beacon(url: string, body: CommitBody): boolean {
    const csrfToken = this.#opts.csrfToken();
    if (!csrfToken || typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return false;
    const payload = JSON.stringify({ ...body, csrfToken });
    // Browsers cap beacons at 64 kB in flight; larger commits go by fetch keepalive (same cap) or wait for the next visit.
    if (payload.length >= 60_000) return false;
    // text/plain: Chromium refuses beacons whose type is not CORS-safelisted (application/json is not).
    return navigator.sendBeacon(`${url}/beacon`, new Blob([payload], { type: 'text/plain;charset=UTF-8' }));
  }

  async #post(url: string, body: CommitBody, keepalive = false): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const csrf = this.#opts.csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
    // keepalive lets the request outlive the page (like sendBeacon, but with the CSRF header).
    return fetch(url, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin', keepalive: keepalive && JSON.stringify(body).length < 60_000 });
  }

  #sendAll(): Promise<boolean> {
    this.#inflight ??= this.#sendEntries().finally(() => (this.#inflight = undefined));
    return this.#inflight;
  }

  async #sendEntries(): Promise<boolean> {
    {
      for (const [key, pending] of this.#entries()) {
        let res: Response;
        try {
          res = await this.#post(pending.url, pending.body);
        } catch {
          return this.#failed('The server could not be reached.');
        }
        if (res.ok || (res.status >= 400 && res.status < 500 && ![401, 403, 408, 409, 429].includes(res.status))) {
          // Settled: stored, or refused for good (retrying bad data cannot help).
          // Unless a newer commit of the session arrived meanwhile.
          const now = JSON.parse(this.#storage.getItem(key) ?? 'null') as Pending | null;
          if (now && now.body.seq <= pending.body.seq) this.#storage.removeItem(key);
          if (res.ok) this.#opts.onCommitted?.(pending.url, await res.json().catch(() => null));
          else {
            const payload = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
            this.#emit({ refused: payload?.error?.message ?? `HTTP ${res.status}` });
          }
          continue;
        }
        return this.#failed(res.status === 401 ? 'Your session has ended; sign in again in another tab.' : `The server answered ${res.status}.`);
      }
      this.#attempt = 0;
      this.#emit({ failure: undefined });
      // Something arrived while sending.
      if (this.#entries().length) this.#schedule(0);
      return true;
    }
  }

  #failed(message: string): boolean {
    const base = this.#opts.baseDelayMs ?? 1000;
    const delay = Math.min(MAX_DELAY_MS, base * 2 ** this.#attempt);
    this.#attempt += 1;
    this.#emit({ failure: { message, retryAt: Date.now() + delay } });
    this.#schedule(delay);
    return false;
  }

  /** Try again now (the learner pressed "Retry now"). */
  retryNow(): void {
    this.#attempt = 0;
    this.#schedule(0);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    if (typeof window !== 'undefined') {
      window.removeEventListener('beforeunload', this.#onBeforeUnload);
      window.removeEventListener('pagehide', this.#onPageHide);
      window.removeEventListener('pageshow', this.#onPageShow);
    }
  }
}
