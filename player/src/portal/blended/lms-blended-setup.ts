/**
 * <lms-blended-setup>: HR defines what paths can hold besides content: checklist tasks
 * (who ticks them, due after hire, evidence), observation forms (criteria, assessors) and
 * live events (trainer, approval, a classroom or virtual session). Paths pick them as steps.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { learningStyles } from '../learning-styles.js';
import { controlStyles } from '../theme.js';
import './lms-blended-edit.js';
import './lms-onboarding-templates.js';
import { DOER_LABELS, sessionWhen, type EventView, type FormView, type TaskView } from './blended-types.js';

type Person = { id: string; name: string };
type FormError = { form: string; message: string; field?: string };

export class LmsBlendedSetup extends LitElement {
  static override properties = {
    api: { attribute: false },
    tasks: { state: true },
    forms: { state: true },
    events: { state: true },
    people: { state: true },
    doneBy: { state: true },
    kind: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [controlStyles, learningStyles];

  declare api: Api;
  declare private tasks: TaskView[];
  declare private forms: FormView[];
  declare private events: EventView[];
  declare private people: Person[];
  declare private doneBy: TaskView['doneBy'];
  declare private kind: 'classroom' | 'virtual';
  declare private error: FormError | null;
  declare private notice: string | null;

  constructor() {
    super();
    this.tasks = [];
    this.forms = [];
    this.events = [];
    this.people = [];
    this.doneBy = 'manager';
    this.kind = 'classroom';
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    const [tasks, forms, events, people] = await Promise.all([
      this.api.request<{ items: TaskView[] }>('GET', '/api/blended/tasks'),
      this.api.request<{ items: FormView[] }>('GET', '/api/blended/observation-forms'),
      this.api.request<{ items: EventView[] }>('GET', '/api/blended/events'),
      this.api.request<{ items: Person[] }>('GET', '/api/users?limit=500'),
    ]);
    this.tasks = tasks.items;
    this.forms = forms.items;
    this.events = events.items;
    this.people = people.items;
  }

  async #submit(e: SubmitEvent, form: string, path: string, body: (f: FormData) => unknown, done: string): Promise<void> {
    e.preventDefault();
    const el = e.target as HTMLFormElement;
    this.error = null;
    this.notice = null;
    try {
      await this.api.request('POST', path, body(new FormData(el)));
      el.reset();
      this.notice = done;
      await this.#load();
    } catch (err) {
      this.error = { form, message: err instanceof ApiError ? err.message : 'Could not save.', ...(err instanceof ApiError && err.field ? { field: err.field } : {}) };
    }
  }

  #errorFor(form: string) {
    return this.error?.form === form ? html`<p class="field-error" role="alert">${this.error.message}</p>` : nothing;
  }

  override render() {
    const text = (f: FormData, k: string) => String(f.get(k) ?? '').trim();
    const num = (f: FormData, k: string) => (text(f, k) === '' ? undefined : Number(text(f, k)));
    const iso = (v: string) => (v ? new Date(v).toISOString() : v);
    return html`
      <h1>Blended learning</h1>
      <p class="muted">Checklist tasks, observations and live sessions become steps of a learning path: add them here, then choose them in Paths.</p>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>

      <section class="card" aria-labelledby="task-h">
        <h2 id="task-h">Checklist tasks</h2>
        <ul>
          ${this.tasks.map((t) => html`<li>${t.title} <span class="muted">· ${t.doneBy === 'role' ? t.roleName : DOER_LABELS[t.doneBy]}${t.dueDaysAfterHire !== undefined ? ` · due ${t.dueDaysAfterHire} days after hire` : ''}</span></li>`)}
        </ul>
        <form aria-labelledby="new-task-h" @submit=${(e: SubmitEvent) =>
          this.#submit(e, 'task', '/api/blended/tasks', (f) => ({ title: text(f, 'title'), doneBy: text(f, 'doneBy'), roleName: text(f, 'roleName') || undefined, dueDaysAfterHire: num(f, 'due'), evidenceRequired: f.get('evidence') === 'on' }), 'Task added.')}>
          <h3 id="new-task-h">New task</h3>
          <div class="row">
            <label class="field">Title <input name="title" required /></label>
            <label class="field"
              >Who ticks it
              <select name="doneBy" @change=${(e: Event) => (this.doneBy = (e.target as HTMLSelectElement).value as TaskView['doneBy'])}>
                ${Object.entries(DOER_LABELS).map(([v, l]) => html`<option value=${v} ?selected=${v === this.doneBy}>${l}</option>`)}
              </select>
            </label>
            ${this.doneBy === 'role' ? html`<label class="field">Role (job role or department) <input name="roleName" placeholder="IT" /></label>` : nothing}
            <label class="field">Due (days after hire, optional) <input type="number" min="0" name="due" /></label>
            <label class="check"><input type="checkbox" name="evidence" /> Needs evidence (a note or a file)</label>
            <button type="submit" class="primary">Add task</button>
          </div>
          ${this.#errorFor('task')}
        </form>
      </section>

      <section class="card" aria-labelledby="obs-h">
        <h2 id="obs-h">Observation forms</h2>
        <ul>
          ${this.forms.map((f) => html`<li>${f.title} <span class="muted">· ${f.criteria.length} criteria</span></li>`)}
        </ul>
        <form aria-labelledby="new-obs-h" @submit=${(e: SubmitEvent) =>
          this.#submit(
            e,
            'form',
            '/api/blended/observation-forms',
            (f) => ({
              title: text(f, 'title'),
              criteria: text(f, 'criteria').split('\n').map((c) => c.trim()).filter(Boolean).map((c, i) => ({ id: `c${i + 1}`, text: c })),
              assessorIds: f.getAll('assessors').map(String),
            }),
            'Observation form added.',
          )}>
          <h3 id="new-obs-h">New observation form</h3>
          <div class="row">
            <label class="field">Title <input name="title" required /></label>
            <label class="field">Criteria (one per line) <textarea name="criteria" rows="4" required></textarea></label>
            <label class="field"
              >Assessors besides the manager (optional)
              <select name="assessors" multiple size="4">${this.people.map((p) => html`<option value=${p.id}>${p.name}</option>`)}</select>
            </label>
            <button type="submit" class="primary">Add form</button>
          </div>
          ${this.#errorFor('form')}
        </form>
      </section>

      <section class="card" aria-labelledby="event-h">
        <h2 id="event-h">Live events</h2>
        <ul>
          ${this.events.map((ev) => html`<li>${ev.title} <span class="muted">· ${ev.sessions.map((s) => `${sessionWhen(s)} (${s.kind === 'classroom' ? s.location : 'online'})`).join('; ')}</span></li>`)}
        </ul>
        <form aria-labelledby="new-event-h" @submit=${(e: SubmitEvent) =>
          this.#submit(
            e,
            'event',
            '/api/blended/events',
            (f) => ({
              title: text(f, 'title'),
              trainerIds: [text(f, 'trainer')].filter(Boolean),
              approval: f.get('approval') === 'on',
              sessions: [
                {
                  id: 's1',
                  kind: this.kind,
                  startsAt: iso(text(f, 'startsAt')),
                  endsAt: iso(text(f, 'endsAt')),
                  ...(this.kind === 'classroom' ? { location: text(f, 'location'), capacity: num(f, 'capacity') } : { joinUrl: text(f, 'joinUrl') }),
                },
              ],
            }),
            'Event added.',
          )}>
          <h3 id="new-event-h">New event</h3>
          <div class="row">
            <label class="field">Title <input name="title" required /></label>
            <label class="field"
              >Trainer
              <select name="trainer"><option value="">Choose…</option>${this.people.map((p) => html`<option value=${p.id}>${p.name}</option>`)}</select>
            </label>
            <label class="check"><input type="checkbox" name="approval" /> Manager approval needed</label>
          </div>
          <div class="row">
            <label class="field"
              >Session
              <select name="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as 'classroom' | 'virtual')}>
                <option value="classroom" ?selected=${this.kind === 'classroom'}>Classroom</option>
                <option value="virtual" ?selected=${this.kind === 'virtual'}>Virtual</option>
              </select>
            </label>
            <label class="field">Starts <input type="datetime-local" name="startsAt" required /></label>
            <label class="field">Ends <input type="datetime-local" name="endsAt" required /></label>
            ${this.kind === 'classroom'
              ? html`<label class="field">Location <input name="location" /></label><label class="field">Seats <input type="number" min="1" name="capacity" /></label>`
              : html`<label class="field">Join URL <input type="url" name="joinUrl" /></label>`}
            <button type="submit" class="primary">Add event</button>
          </div>
          ${this.#errorFor('event')}
        </form>
      </section>

      <lms-blended-edit .api=${this.api} .tasks=${this.tasks} .forms=${this.forms} .events=${this.events} @changed=${() => this.#load()}></lms-blended-edit>

      <lms-onboarding-templates .api=${this.api}></lms-onboarding-templates>
    `;
  }
}

customElements.define('lms-blended-setup', LmsBlendedSetup);
