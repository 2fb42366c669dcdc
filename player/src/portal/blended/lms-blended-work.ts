/**
 * <lms-blended-work>: "Tasks & sessions". What the signed-in person does in blended
 * learning: tick the checklist tasks that name them (their own, or as manager, buddy, HR,
 * IT...), open the observation form for someone they observe, sign up for the live
 * sessions of their paths, and take attendance for the events they train.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { formatDate, learningStyles } from '../learning-styles.js';
import { controlStyles } from '../theme.js';
import { EVIDENCE_ACCEPT, SIGNUP_LABELS, sessionWhen, type MyWork, type WorkItem } from './blended-types.js';

export class LmsBlendedWork extends LitElement {
  static override properties = {
    api: { attribute: false },
    work: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [controlStyles, learningStyles];

  declare api: Api;
  declare private work: MyWork | null;
  declare private error: { key: string; message: string } | null;
  declare private notice: string | null;

  constructor() {
    super();
    this.work = null;
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    this.work = await this.api.request<MyWork>('GET', '/api/me/blended/work');
  }

  async #act(key: string, method: 'POST', path: string, body: unknown, done: string): Promise<void> {
    this.error = null;
    this.notice = null;
    try {
      await this.api.request(method, path, body);
      this.notice = done;
      await this.#load();
    } catch (err) {
      this.error = { key, message: err instanceof ApiError ? err.message : 'Could not save.' };
    }
  }

  #err(key: string) {
    return this.error?.key === key ? html`<p class="field-error" role="alert">${this.error.message}</p>` : nothing;
  }

  #renderItem(i: WorkItem) {
    const key = `${i.kind}:${i.refId}:${i.personId}`;
    const label = `${i.title} for ${i.personName}`;
    return html`<li class="card" data-key=${key}>
      <h3>${i.title}</h3>
      <p class="muted">${i.personName} · ${i.pathTitle}${i.due ? html` · due ${formatDate(i.due)}` : nothing}</p>
      ${i.kind === 'task'
        ? html`<form
            @submit=${(e: SubmitEvent) => {
              e.preventDefault();
              const f = new FormData(e.target as HTMLFormElement);
              const note = String(f.get('note') ?? '').trim();
              const file = f.get('evidence');
              const body = { personId: i.personId, pathId: i.pathId, ...(note ? { note } : {}) };
              // With a file: multipart, the same fields beside it.
              if (file instanceof File && file.size > 0) {
                const form = new FormData();
                for (const [k, v] of Object.entries(body)) form.append(k, v);
                form.append('evidence', file);
                void this.#act(key, 'POST', `/api/blended/tasks/${i.refId}/completions`, form, `Done: ${label}.`);
              } else void this.#act(key, 'POST', `/api/blended/tasks/${i.refId}/completions`, body, `Done: ${label}.`);
            }}>
            <label class="field">Evidence note <input name="note" aria-label=${`Evidence note: ${label}`} /></label>
            <label class="field"
              >Evidence file (optional)
              <input type="file" name="evidence" accept=${EVIDENCE_ACCEPT} aria-label=${`Evidence file: ${label}`} />
            </label>
            <button type="submit" class="primary gap-above" aria-label=${`Mark done: ${label}`}>Mark done</button>
          </form>`
        : html`<a class="button" href=${`#/observe/${i.refId}/${i.personId}/${i.pathId}`}>Record observation</a>`}
      ${this.#err(key)}
    </li>`;
  }

  override render() {
    const w = this.work;
    if (!w) return html`<h1>Tasks & sessions</h1><p class="muted">Loading…</p>`;
    return html`
      <h1>Tasks & sessions</h1>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      <section aria-labelledby="todo-h">
        <h2 id="todo-h">To do</h2>
        ${w.todo.length ? html`<ul class="plain">${w.todo.map((i) => this.#renderItem(i))}</ul>` : html`<p class="muted">Nothing to tick or observe.</p>`}
      </section>
      <section aria-labelledby="sessions-h">
        <h2 id="sessions-h">Live sessions on your paths</h2>
        ${w.sessions.length
          ? w.sessions.map(
              ({ event, pathTitle, signup }) => html`<article class="card">
                <h3>${event.title}</h3>
                <p class="muted">${pathTitle}${event.approval ? ' · needs your manager’s approval' : ''}</p>
                ${signup
                  ? html`<p><span class="badge">${SIGNUP_LABELS[signup.status]}</span> ${sessionWhen(event.sessions.find((s) => s.id === signup.sessionId)!)}</p>
                      <button type="button" class="secondary small" @click=${() => this.#act(event.id, 'POST', `/api/blended/signups/${signup.id}/cancel`, {}, `Your place on ${event.title} is cancelled.`)}>
                        Cancel my place
                      </button>`
                  : html`<ul class="plain">
                      ${event.sessions
                        .filter((s) => !s.cancelled)
                        .map(
                          (s) => html`<li class="row">
                            <span>${sessionWhen(s)} · ${s.kind === 'classroom' ? s.location : 'online'}${s.seatsLeft !== null ? ` · ${s.seatsLeft} seats left` : ''}</span>
                            <button type="button" class="primary" @click=${() => this.#act(event.id, 'POST', `/api/blended/events/${event.id}/sessions/${s.id}/signups`, {}, `Signed up for ${event.title}.`)}>
                              ${s.seatsLeft === 0 ? 'Join the waitlist' : 'Sign up'}
                            </button>
                          </li>`,
                        )}
                    </ul>`}
                ${this.#err(event.id)}
              </article>`,
            )
          : html`<p class="muted">No live sessions on your paths.</p>`}
      </section>
      ${w.approvals.length
        ? html`<section aria-labelledby="approvals-h">
            <h2 id="approvals-h">Sign-ups to approve</h2>
            <ul class="plain">
              ${w.approvals.map(
                (a) => html`<li class="card">
                  <p><strong>${a.name}</strong> · ${a.eventTitle}</p>
                  <div class="row">
                    <button type="button" class="primary" aria-label=${`Approve ${a.name} for ${a.eventTitle}`} @click=${() => this.#act(a.id, 'POST', `/api/blended/signups/${a.id}/decision`, { approve: true }, `Approved ${a.name} for ${a.eventTitle}.`)}>Approve</button>
                    <button type="button" class="secondary" aria-label=${`Decline ${a.name} for ${a.eventTitle}`} @click=${() => this.#act(a.id, 'POST', `/api/blended/signups/${a.id}/decision`, { approve: false }, `Declined ${a.name} for ${a.eventTitle}.`)}>Decline</button>
                  </div>
                  ${this.#err(a.id)}
                </li>`,
              )}
            </ul>
          </section>`
        : nothing}
      ${w.training.length
        ? html`<section aria-labelledby="training-h">
            <h2 id="training-h">Sessions you train</h2>
            <ul class="plain">
              ${w.training.flatMap((ev) =>
                ev.sessions.map((s) => html`<li class="row card"><span><strong>${ev.title}</strong> · ${sessionWhen(s)}</span><a class="button" href=${`#/attendance/${ev.id}/${s.id}`}>Take attendance</a></li>`),
              )}
            </ul>
          </section>`
        : nothing}
    `;
  }
}

customElements.define('lms-blended-work', LmsBlendedWork);
