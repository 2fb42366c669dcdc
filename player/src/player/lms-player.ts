/**
 * <lms-player>: runs one course. It asks the launch service for a launch descriptor, then
 * for SCORM shows the SCO (on the content origin, via the launch page there) in a frame
 * and answers its API calls with scorm-again; progress goes to the server through a
 * CommitQueue that keeps it in the browser until the server has it. Multi-SCO courses get
 * a table of contents. SCORM 2004 courses are sequenced by the server (its engine decides
 * what comes after a SCO, which parts a choice may open, and continue / previous): the
 * player ends the SCO on screen and asks the server for the next one. SCORM 1.2 courses
 * follow the SCO list. Close returns to the courses list.
 */
import { returnPlace } from '../portal/return-place.js';
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../portal/api.js';
import { color, controlStyles } from '../portal/theme.js';
import { CommitQueue, type QueueState } from './commit-queue.js';
import { ScormSession, type SessionDescriptor } from './scorm-session.js';

interface TocItem {
  itemId: string;
  title: string;
  depth: number;
  launchable: boolean;
  completion: string;
  success: string;
  /** False while the course's sequencing rules do not let the learner choose it. */
  available?: boolean;
}

interface Navigation {
  continue: boolean;
  previous: boolean;
  /** 4th ed.: item id -> whether a jump to it would be delivered now. */
  jump?: Record<string, boolean>;
}

interface SessionAnswer {
  url?: string;
  scorm?: { session: SessionDescriptor };
  ended?: string;
  toc: TocItem[];
  navigation?: Navigation;
}

/** What the learner or the SCO asked for, as the sessions endpoint takes it. */
type Move = { itemId: string } | { request: 'continue' | 'previous' | 'exit' | 'abandon' } | Record<string, never>;

/** SCORM 2004 requests that end the SCO or the course, offered under "Other ways out" unless the SCO hides them (hideLMSUI). */
const WAYS_OUT = [
  { request: 'exit', label: 'Leave this part', hint: 'ends this part; the course goes on' },
  { request: 'exitAll', label: 'Finish the course', hint: 'ends this attempt of the course' },
  { request: 'abandon', label: 'Discard this part', hint: 'this part’s session does not count' },
  { request: 'abandonAll', label: 'Discard and close', hint: 'this session of the course does not count' },
] as const;

interface LaunchDescriptor {
  attemptId: string;
  registration: string;
  kind: string;
  version: number;
  attemptNumber: number;
  title: string;
  url: string;
  launchMethod: 'iframe' | 'new-window';
  contentOrigin?: string;
  scorm?: { standard: '1.2' | '2004'; commitUrl: string; session: SessionDescriptor };
  toc?: TocItem[];
  navigation?: Navigation;
  /** cmi5: the AU on screen, and the course's AUs to choose from. */
  itemId?: string;
  parts?: { itemId: string; title: string; satisfied: boolean }[];
}

type Phase = 'loading' | 'running' | 'ended' | 'closing' | 'error';

const COURSES_HASH = '#/courses';

function statusLabel(i: TocItem): string {
  if (i.success === 'passed') return 'passed';
  if (i.success === 'failed') return 'not passed';
  if (i.completion === 'completed') return 'completed';
  if (i.completion === 'incomplete') return 'in progress';
  return 'not started';
}

export class LmsPlayer extends LitElement {
  static override properties = {
    api: { attribute: false },
    packageId: { attribute: false },
    phase: { state: true },
    descriptor: { state: true },
    toc: { state: true },
    navigation: { state: true },
    frameUrl: { state: true },
    currentItemId: { state: true },
    queueState: { state: true },
    notice: { state: true },
    error: { state: true },
    hideLmsUi: { state: true },
  };

  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
        min-height: 70vh;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.75rem;
      }
      h2 {
        font-size: 1.125rem;
      }
      .layout {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        flex: 1;
      }
      nav {
        flex: 1 1 14rem;
        max-width: 100%;
      }
      nav ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.25rem;
      }
      nav button {
        width: 100%;
        text-align: left;
        background: ${color.surface};
        color: ${color.text};
        border: 1px solid ${color.controlBorder};
        font-weight: 500;
      }
      nav button:disabled {
        opacity: 1;
        color: ${color.muted};
        border-style: dashed;
        cursor: not-allowed;
      }
      nav button[aria-current='true'] {
        border-color: ${color.accent};
        box-shadow: inset 4px 0 0 ${color.accent};
        font-weight: 700;
      }
      .depth-1 {
        padding-left: 1rem;
      }
      .depth-2 {
        padding-left: 2rem;
      }
      .depth-3,
      .depth-4 {
        padding-left: 3rem;
      }
      nav .state {
        display: block;
        font-size: 0.875rem;
        color: ${color.muted};
      }
      .frame {
        flex: 999 1 30rem;
        display: flex;
        min-height: max(36rem, calc(100vh - 14rem));
      }
      iframe {
        flex: 1;
        width: 100%;
        border: 1px solid ${color.border};
        border-radius: 0.375rem;
        background: #fff;
      }
      .saved {
        color: ${color.muted};
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-start;
      }
      .ways-out summary {
        cursor: pointer;
        padding: 0.45rem 0.25rem;
        color: ${color.text};
      }
      .ways-out ul {
        list-style: none;
        margin: 0.25rem 0 0;
        padding: 0;
        display: grid;
        gap: 0.25rem;
      }
      .ways-out .hint {
        display: block;
        font-weight: 400;
        font-size: 0.85em;
        color: ${color.muted};
      }
    `,
  ];

  declare api: Api;
  declare packageId: string;
  declare private phase: Phase;
  declare private descriptor: LaunchDescriptor | null;
  declare private toc: TocItem[];
  /** Set for sequenced (SCORM 2004) courses: the server decides where the learner may go. */
  declare private navigation: Navigation | null;
  declare private frameUrl: string;
  declare private currentItemId: string;
  declare private queueState: QueueState;
  declare private notice: string | null;
  declare private error: string | null;
  /** SCORM 2004 adlnav:presentation hideLMSUI of the SCO on screen: the player controls it asks to hide. */
  declare private hideLmsUi: string[];

  #queue: CommitQueue | undefined;
  #session: ScormSession | undefined;
  #terminated: (() => void) | undefined;
  #scoUnloaded: (() => void) | undefined;
  /** Set while the player itself ends a SCO to open another or to close: its terminate is expected. */
  #switching = false;
  #onPageHide = () => this.#session?.commitNow(true);
  /** cmi5 AUs go to the LMS's return page after `terminated`; it tells us here (same origin). */
  #onMessage = (event: MessageEvent) => {
    if (event.origin === this.descriptor?.contentOrigin && (event.data as { type?: string } | null)?.type === 'lms:sco-unloaded') {
      this.#scoUnloaded?.();
      return;
    }
    if (event.origin !== window.location.origin || (event.data as { type?: string } | null)?.type !== 'lms:content-returned') return;
    if (this.descriptor?.scorm) return;
    this.frameUrl = '';
    this.notice = (this.descriptor?.parts?.length ?? 0) > 1 ? 'You have finished this part of the course. Choose another part, or go back to the courses.' : 'You have finished this part of the course.';
    this.phase = 'ended';
  };

  constructor() {
    super();
    this.phase = 'loading';
    this.descriptor = null;
    this.toc = [];
    this.navigation = null;
    this.frameUrl = '';
    this.currentItemId = '';
    this.queueState = { pending: 0 };
    this.notice = null;
    this.error = null;
    this.hideLmsUi = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#queue = new CommitQueue({
      csrfToken: () => this.api.csrfToken,
      onChange: (s) => (this.queueState = s),
      // Each stored commit answers with the SCOs' statuses: keep the contents up to date.
      onCommitted: (url, answer) => {
        if (url !== this.descriptor?.scorm?.commitUrl) return;
        const a = answer as { toc?: TocItem[]; navigation?: Navigation } | null;
        if (a?.toc) this.toc = a.toc;
        if (a?.navigation) this.navigation = a.navigation;
        this.#offerNavigation();
      },
    });
    this.queueState = this.#queue.state;
    window.addEventListener('pagehide', this.#onPageHide);
    window.addEventListener('message', this.#onMessage);
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#onPageHide);
    window.removeEventListener('message', this.#onMessage);
    this.#session?.finish();
    this.#session?.dispose();
    this.#queue?.dispose();
  }

  async #start(): Promise<void> {
    const queue = this.#queue!;
    if (queue.state.pending) {
      // Progress from a visit that ended before the server had it goes first.
      this.notice = 'Sending progress saved in this browser from your last visit…';
      await queue.flushStored();
    }
    await this.#launch({ packageId: this.packageId });
  }

  /** Launches the course (or, for cmi5, the AU chosen) and shows what the launch answered. */
  async #launch(input: { packageId: string; itemId?: string }): Promise<void> {
    try {
      const d = await this.api.request<LaunchDescriptor>('POST', '/api/launches', input);
      this.descriptor = d;
      this.toc = d.toc ?? [];
      this.navigation = d.navigation ?? null;
      this.error = null;
      this.notice = null;
      if (d.scorm) {
        this.notice = d.scorm.session.entry === 'resume' ? 'Welcome back: the course continues where you left off.' : null;
        this.#open(d.scorm.session);
      } else if (d.launchMethod === 'new-window') {
        window.open(d.url, '_blank', 'noopener');
        this.notice = 'The course opened in a new window. Come back here when you are done.';
        this.phase = 'ended';
      } else {
        this.frameUrl = d.url;
        this.phase = 'running';
      }
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'The course could not be started.';
      this.phase = this.descriptor ? this.phase : 'error';
    }
  }

  /** cmi5 courses of several AUs: the list to choose one from (the one on screen marked). */
  #renderParts() {
    const d = this.descriptor;
    if (!d?.parts || d.parts.length < 2) return nothing;
    return html`<nav aria-label="Course parts">
      <ol>
        ${d.parts.map(
          (p) => html`<li>
            <button
              type="button"
              aria-current=${p.itemId === d.itemId && this.phase === 'running' ? 'true' : 'false'}
              ?disabled=${this.phase === 'closing'}
              @click=${() => void this.#launch({ packageId: this.packageId, itemId: p.itemId })}
            >
              ${p.title}<span class="state">${p.satisfied ? 'done' : 'not done yet'}</span>
            </button>
          </li>`,
        )}
      </ol>
    </nav>`;
  }

  #open(session: SessionDescriptor): void {
    const d = this.descriptor!;
    this.#session?.dispose();
    this.#session = new ScormSession({
      standard: d.scorm!.standard,
      commitUrl: d.scorm!.commitUrl,
      contentOrigin: d.contentOrigin ?? new URL(session.url).origin,
      session,
      queue: this.#queue!,
      events: {
        onTerminate: (nav) => {
          // Only the SCO on screen decides where to go next, and only when it ended on its own.
          if (this.#session !== created) return;
          this.#terminated?.();
          if (!this.#switching) void this.#navigate(nav);
        },
      },
    });
    const created = this.#session;
    this.#offerNavigation();
    this.hideLmsUi = session.hideLmsUi ?? [];
    this.currentItemId = session.itemId;
    this.frameUrl = session.url;
    this.phase = 'running';
  }

  /**
   * The SCO on screen reads adl.nav.request_valid.* from the server's latest answer. The launch
   * page's API answers GetValue from a cache, refreshed only when the SCO calls it: the new
   * values are pushed there too, so the SCO's very next read has them.
   */
  #offerNavigation(): void {
    if (!this.navigation || !this.#session) return;
    this.#session.offerNavigation(this.navigation, Object.fromEntries(this.toc.filter((i) => i.launchable).map((i) => [i.itemId, i.available !== false])));
    const frame = this.renderRoot?.querySelector<HTMLIFrameElement>('iframe');
    const origin = this.descriptor?.contentOrigin;
    if (frame?.contentWindow && origin) frame.contentWindow.postMessage({ type: 'lms:navigation-valid', values: this.#session.navigationValues }, origin);
  }

  /** What the SCO asked for when it terminated (SCORM 2004 adl.nav.request; none in 1.2). */
  async #navigate(request: string): Promise<void> {
    if (this.phase === 'closing') return;
    // Sequenced: the server has processed the request with the terminate commit; take what it decided.
    if (this.navigation) return this.#move({});
    const items = this.toc.filter((i) => i.launchable);
    const at = items.findIndex((i) => i.itemId === this.currentItemId);
    const choice = /^\{target=([^}]+)\}(choice|jump)$/.exec(request);
    let next: string | undefined;
    if (request === 'continue') next = items[at + 1]?.itemId;
    else if (request === 'previous') next = items[at - 1]?.itemId;
    else if (choice) next = choice[1];
    else if (request === 'exitAll' || request === 'suspendAll' || request === 'abandonAll') return this.#close();
    if (next) return this.#goTo(next);
    this.frameUrl = '';
    this.phase = 'ended';
    this.notice =
      request === 'continue'
        ? 'You have reached the end of the course. Your progress is saved.'
        : items.length > 1
          ? 'This part has ended and your progress is saved. Choose another part from the contents, or close the course.'
          : 'This session has ended and your progress is saved. You can close the course.';
  }

  async #goTo(itemId: string): Promise<void> {
    if (itemId === this.currentItemId && this.phase === 'running') return;
    if (this.navigation) return this.#move({ itemId });
    if (this.#session && !this.#session.terminated) {
      await this.#endCurrent();
    }
    try {
      const d = this.descriptor!;
      const started = await this.api.request<{ url: string; scorm: { session: SessionDescriptor }; toc: TocItem[] }>(
        'POST',
        `/api/attempts/${encodeURIComponent(d.attemptId)}/sessions`,
        { itemId },
      );
      this.toc = started.toc;
      this.notice = null;
      this.#open(started.scorm.session);
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'That part of the course could not be opened.';
    }
  }

  /**
   * Sequenced courses: end the SCO on screen (if any), let the server have everything, then
   * ask it for the SCO that `move` leads to (none: what the last SCO's end decided).
   */
  async #move(move: Move): Promise<void> {
    let ask: Move = move;
    const running = this.#session && !this.#session.terminated ? this.#session : null;
    if (running && ('itemId' in move || 'request' in move)) {
      // The request travels with the SCO's terminate commit; the server decides there.
      running.requestNavigation('itemId' in move ? `{target=${move.itemId}}choice` : move.request!);
      ask = {};
    }
    await this.#endCurrent();
    await new Promise((resolve) => setTimeout(resolve, 0)); // scorm-again hands its terminate commit over asynchronously
    if (!(await this.#queue!.flushStored())) {
      this.frameUrl = '';
      this.phase = 'ended';
      return; // the alert explains; nothing can be opened until the server has the progress
    }
    try {
      const answer = await this.api.request<SessionAnswer>('POST', `/api/attempts/${encodeURIComponent(this.descriptor!.attemptId)}/sessions`, ask);
      this.toc = answer.toc;
      if (answer.navigation) this.navigation = answer.navigation;
      this.error = null;
      if (answer.scorm) {
        this.notice = null;
        this.#open(answer.scorm.session);
        return;
      }
      if (answer.ended === 'exit_all' || answer.ended === 'suspend_all' || answer.ended === 'abandon_all') {
        location.hash = returnPlace(COURSES_HASH);
        return;
      }
      this.frameUrl = '';
      this.phase = 'ended';
      // The sequencing session is over (end of course): nothing comes before or after until it starts again.
      if (answer.ended !== 'none') this.navigation = { continue: false, previous: false };
      this.notice =
        answer.ended === 'none'
          ? 'This part has ended and your progress is saved. Choose what to do next from the contents, or close the course.'
          : 'You have reached the end of the course. Your progress is saved.';
    } catch (error) {
      // A refused choice leaves the learner where they were (nothing was ended for it).
      this.error = error instanceof ApiError ? error.message : 'That part of the course could not be opened.';
      if (!this.frameUrl) this.phase = 'ended';
    }
  }

  /** Unload the SCO (so it can save and terminate itself), then terminate on its behalf if it did not. */
  async #endCurrent(): Promise<void> {
    const session = this.#session;
    if (!session || session.terminated) return;
    this.#switching = true;
    try {
      // Ask the launch page to unload the SCO (its unload handlers report and terminate while
      // the page that carries their calls is alive); wait for that, or its terminate, or 2 s.
      const ended = new Promise<void>((resolve) => {
        this.#terminated = resolve;
        this.#scoUnloaded = resolve;
        setTimeout(resolve, 2000);
      });
      const frame = this.renderRoot.querySelector<HTMLIFrameElement>('iframe');
      const origin = this.descriptor?.contentOrigin;
      if (frame?.contentWindow && origin) frame.contentWindow.postMessage({ type: 'lms:unload-sco' }, origin);
      else this.frameUrl = 'about:blank';
      await ended;
      this.#terminated = undefined;
      this.#scoUnloaded = undefined;
      // Calls the SCO made while unloading arrive as messages before the launch page's answer: let them be handled.
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.frameUrl = 'about:blank';
      try {
        session.finish();
      } catch (err) {
        // scorm-again refused to terminate (e.g. the SCO's own terminate arrived half-way): the commits made so far stand.
        console.warn('Could not end the SCO session', err);
      }
    } finally {
      this.#switching = false;
    }
  }

  /**
   * What Close course asks of a sequenced course: suspendAll (the next launch resumes here),
   * unless the SCO hides it and leaves exitAll. Hiding both (or everything) does not take the
   * way out away: it still suspends, which keeps all progress.
   */
  #closeRequest(): 'suspendAll' | 'exitAll' {
    return this.#hidden('suspendAll') && !this.#hidden('exitAll') ? 'exitAll' : 'suspendAll';
  }

  async #close(request: 'suspendAll' | 'exitAll' | 'abandonAll' = this.#closeRequest()): Promise<void> {
    this.phase = 'closing';
    this.notice = 'Saving your progress…';
    // Sequenced: suspend the whole course so the next launch resumes this SCO (resumeAll), or what was chosen.
    if (this.navigation) this.#session?.requestNavigation(request);
    await this.#endCurrent();
    this.frameUrl = '';
    // scorm-again hands its terminate commit to the queue asynchronously: let it arrive,
    // then wait until the server has everything, so the courses list (and a quick
    // Resume) already sees the suspended attempt.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const sent = await this.#queue!.flushStored();
    if (!sent) {
      this.phase = 'ended';
      this.notice = null;
      return; // the alert explains; the learner may retry or leave
    }
    location.hash = returnPlace(COURSES_HASH);
  }

  #leaveAnyway(): void {
    location.hash = returnPlace(COURSES_HASH);
  }

  /**
   * Whether the SCO on screen hides this control (hideLMSUI). Only while it runs; Close course
   * always stays, whatever the SCO asks (see #closeRequest), so a learner can never be stuck.
   */
  #hidden(control: string): boolean {
    return this.phase === 'running' && this.hideLmsUi.includes(control);
  }

  /** exit, exitAll, abandon, abandonAll: for a running SCO of a sequenced course, each unless hidden. */
  #renderWaysOut() {
    const running = this.phase === 'running' && this.#session && !this.#session.terminated;
    const ways = this.navigation && running ? WAYS_OUT.filter((w) => !this.#hidden(w.request)) : [];
    if (ways.length === 0) return nothing;
    return html`<details class="ways-out">
      <summary>Other ways out</summary>
      <ul>
        ${ways.map(
          (w) => html`<li>
            <button type="button" class="secondary" @click=${() => void (w.request === 'exit' || w.request === 'abandon' ? this.#move({ request: w.request }) : this.#close(w.request))}>
              ${w.label}<span class="hint">${w.hint}</span>
            </button>
          </li>`,
        )}
      </ul>
    </details>`;
  }

  override render() {
    const d = this.descriptor;
    const q = this.queueState;
    const multi = this.toc.filter((i) => i.launchable).length > 1;
    return html`
      <header>
        <h2 id="player-title">${d?.title ?? 'Course'}</h2>
        <div class="actions">
          ${this.navigation && !this.#hidden('previous')
            ? html`<button type="button" class="secondary" ?disabled=${!this.navigation.previous || this.phase === 'closing'} @click=${() => void this.#move({ request: 'previous' })}>
                Previous part
              </button>`
            : nothing}
          ${this.navigation && !this.#hidden('continue')
            ? html`<button type="button" class="secondary" ?disabled=${!this.navigation.continue || this.phase === 'closing'} @click=${() => void this.#move({ request: 'continue' })}>
                Next part
              </button>`
            : nothing}
          <button type="button" class="secondary" @click=${() => void this.#close()} ?disabled=${this.phase === 'closing'}>Close course</button>
          ${this.#renderWaysOut()}
        </div>
      </header>
      <div role="alert">
        ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
        ${q.failure
          ? html`<div class="error">
              <p>
                Your latest progress is not saved on the server yet: ${q.failure.message} It is kept in this browser and sent
                automatically as soon as the server answers.
              </p>
              <div class="actions">
                <button type="button" class="secondary" @click=${() => this.#queue?.retryNow()}>Retry now</button>
                ${this.phase === 'ended' ? html`<button type="button" class="secondary" @click=${this.#leaveAnyway}>Leave anyway (sent on your next visit)</button>` : nothing}
              </div>
            </div>`
          : nothing}
        ${q.refused ? html`<p class="error">The server refused part of your progress: ${q.refused}</p>` : nothing}
      </div>
      <div role="status">
        ${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}
        ${d?.scorm && !q.failure ? html`<p class="saved">${q.pending ? 'Saving…' : 'All progress saved.'}</p>` : nothing}
      </div>
      ${this.phase === 'loading' ? html`<p role="status">Starting the course…</p>` : nothing}
      <div class="layout">
        ${this.#renderParts()}
        ${multi
          ? html`<nav aria-label="Course contents">
              <ol>
                ${this.toc.map(
                  (i) => html`<li class=${`depth-${Math.min(i.depth, 4)}`}>
                    ${i.launchable
                      ? html`<button
                          type="button"
                          aria-current=${i.itemId === this.currentItemId ? 'true' : 'false'}
                          ?disabled=${i.available === false && i.itemId !== this.currentItemId}
                          @click=${() => void this.#goTo(i.itemId)}
                        >
                          ${i.title}<span class="state">${i.available === false && i.itemId !== this.currentItemId ? `${statusLabel(i)} · locked` : statusLabel(i)}</span>
                        </button>`
                      : html`<span>${i.title}</span>`}
                  </li>`,
                )}
              </ol>
            </nav>`
          : nothing}
        ${this.frameUrl
          ? html`<div class="frame">
              <iframe
                title=${`Course content: ${d?.title ?? ''}`}
                src=${this.frameUrl}
                sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads"
                allow="fullscreen"
              ></iframe>
            </div>`
          : nothing}
      </div>
      ${this.phase === 'ended' && !q.failure
        ? html`<p><a href=${returnPlace(COURSES_HASH)}>${returnPlace(COURSES_HASH) === COURSES_HASH ? 'Back to the courses' : 'Back to where you were'}</a></p>`
        : nothing}
    `;
  }
}

customElements.define('lms-player', LmsPlayer);

declare global {
  interface HTMLElementTagNameMap {
    'lms-player': LmsPlayer;
  }
}
