/** <lms-attendance>: the trainer marks each booked person attended, partial or no-show; saved at once, written to the LRS. */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { learningStyles } from '../learning-styles.js';
import { controlStyles } from '../theme.js';
import { sessionWhen, type EventView, type SignupView } from './blended-types.js';

const CHOICES = [
  { value: 'attended', label: 'Attended' },
  { value: 'partial', label: 'Partial' },
  { value: 'no_show', label: 'No-show' },
] as const;

export class LmsAttendance extends LitElement {
  static override properties = {
    api: { attribute: false },
    eventId: { attribute: false },
    sessionId: { attribute: false },
    event: { state: true },
    roster: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [controlStyles, learningStyles];

  declare api: Api;
  declare eventId: string;
  declare sessionId: string;
  declare private event: EventView | null;
  declare private roster: SignupView[];
  declare private error: string | null;
  declare private notice: string | null;

  constructor() {
    super();
    this.event = null;
    this.roster = [];
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const base = `/api/blended/events/${encodeURIComponent(this.eventId)}`;
      this.event = await this.api.request<EventView>('GET', base);
      this.roster = (await this.api.request<{ items: SignupView[] }>('GET', `${base}/sessions/${encodeURIComponent(this.sessionId)}/roster`)).items;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'Could not load the roster.';
    }
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const records = this.roster.filter((r) => r.status === 'booked' && f.get(`a-${r.personId}`)).map((r) => ({ personId: r.personId, status: String(f.get(`a-${r.personId}`)) }));
    if (!records.length) {
      this.error = 'Mark at least one person.';
      return;
    }
    try {
      this.error = null;
      await this.api.request('POST', `/api/blended/events/${encodeURIComponent(this.eventId)}/sessions/${encodeURIComponent(this.sessionId)}/attendance`, { records });
      this.notice = `Attendance saved for ${records.length} ${records.length === 1 ? 'person' : 'people'}.`;
      await this.#load();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'Could not save.';
    }
  }

  override render() {
    const ev = this.event;
    const session = ev?.sessions.find((s) => s.id === this.sessionId);
    const booked = this.roster.filter((r) => r.status === 'booked');
    return html`
      <h1>Attendance${ev ? html`: ${ev.title}` : nothing}</h1>
      ${session ? html`<p class="muted">${sessionWhen(session)} · ${session.kind === 'classroom' ? session.location : 'online'}</p>` : nothing}
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${booked.length
        ? html`<form @submit=${(e: SubmitEvent) => this.#save(e)}>
            ${booked.map(
              (r) => html`<fieldset class="card">
                <legend>${r.name ?? r.personId}</legend>
                ${CHOICES.map((c) => html`<label class="check"><input type="radio" name=${`a-${r.personId}`} value=${c.value} ?checked=${r.attendance === c.value} /> ${c.label}</label> `)}
              </fieldset>`,
            )}
            ${this.error ? html`<p class="field-error" role="alert">${this.error}</p>` : nothing}
            <button type="submit" class="primary">Save attendance</button>
          </form>`
        : html`<p class="muted">${this.error ?? 'Nobody is booked on this session.'}</p>`}
    `;
  }
}

customElements.define('lms-attendance', LmsAttendance);
