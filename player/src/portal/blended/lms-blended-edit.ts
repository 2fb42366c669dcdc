/**
 * <lms-blended-edit>: HR changes what was made on the Blended learning page: a checklist
 * task, an observation form's criteria, a live session's time, place and seats (the
 * server refuses fewer seats than people booked, and sends the booked an updated
 * invitation when the time or place moves).
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { learningStyles } from '../learning-styles.js';
import { controlStyles } from '../theme.js';
import { DOER_LABELS, sessionWhen, type EventView, type FormView, type TaskView } from './blended-types.js';

/** A datetime-local value in the browser's time zone. */
const local = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export class LmsBlendedEdit extends LitElement {
  static override properties = {
    api: { attribute: false },
    tasks: { attribute: false },
    forms: { attribute: false },
    events: { attribute: false },
    taskId: { state: true },
    formId: { state: true },
    sessionKey: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [controlStyles, learningStyles];

  declare api: Api;
  declare tasks: TaskView[];
  declare forms: FormView[];
  declare events: EventView[];
  declare private taskId: string;
  declare private formId: string;
  declare private sessionKey: string;
  declare private error: { form: string; message: string } | null;
  declare private notice: string | null;

  constructor() {
    super();
    this.tasks = [];
    this.forms = [];
    this.events = [];
    this.taskId = '';
    this.formId = '';
    this.sessionKey = '';
    this.error = null;
    this.notice = null;
  }

  async #save(e: SubmitEvent, form: string, method: 'PUT' | 'PATCH', path: string, body: unknown, done: string): Promise<void> {
    e.preventDefault();
    this.error = null;
    this.notice = null;
    try {
      await this.api.request(method, path, body);
      this.notice = done;
      // The page reloads its lists (and hands them back here).
      this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = { form, message: err instanceof ApiError ? err.message : 'Could not save.' };
    }
  }

  #err(form: string) {
    return this.error?.form === form ? html`<p class="field-error" role="alert">${this.error.message}</p>` : nothing;
  }

  override render() {
    const text = (f: FormData, k: string) => String(f.get(k) ?? '').trim();
    const task = this.tasks.find((t) => t.id === this.taskId);
    const obs = this.forms.find((f) => f.id === this.formId);
    const [eventId, sessionId] = this.sessionKey.split('|');
    const event = this.events.find((ev) => ev.id === eventId);
    const session = event?.sessions.find((s) => s.id === sessionId);
    return html`
      <section class="card" aria-labelledby="edit-h">
        <h2 id="edit-h">Change what you made</h2>
        <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>

        <form aria-labelledby="edit-task-h" @submit=${(e: SubmitEvent) => {
          const f = new FormData(e.target as HTMLFormElement);
          const due = text(f, 'due');
          return this.#save(e, 'task', 'PUT', `/api/blended/tasks/${this.taskId}`, {
            title: text(f, 'title'),
            doneBy: text(f, 'doneBy'),
            ...(text(f, 'doneBy') === 'role' ? { roleName: text(f, 'roleName') } : {}),
            ...(due ? { dueDaysAfterHire: Number(due) } : {}),
            evidenceRequired: f.get('evidence') === 'on',
          }, 'Task saved.');
        }}>
          <h3 id="edit-task-h">Edit a task</h3>
          <div class="row">
            <label class="field">Task <select @change=${(e: Event) => (this.taskId = (e.target as HTMLSelectElement).value)}><option value="">Choose…</option>${this.tasks.map((t) => html`<option value=${t.id}>${t.title}</option>`)}</select></label>
            ${task
              ? html`<label class="field">New title <input name="title" required .value=${task.title} /></label>
                  <label class="field">Ticked by <select name="doneBy">${Object.entries(DOER_LABELS).map(([v, l]) => html`<option value=${v} ?selected=${v === task.doneBy}>${l}</option>`)}</select></label>
                  <label class="field">Named role (if ticked by a role) <input name="roleName" .value=${task.roleName ?? ''} /></label>
                  <label class="field">Due days after hire <input type="number" min="0" name="due" .value=${task.dueDaysAfterHire === undefined ? '' : String(task.dueDaysAfterHire)} /></label>
                  <label class="check"><input type="checkbox" name="evidence" ?checked=${task.evidenceRequired} /> Needs evidence</label>
                  <button type="submit" class="primary">Save task</button>`
              : nothing}
          </div>
          ${this.#err('task')}
        </form>

        <form class="gap-above" aria-labelledby="edit-obs-h" @submit=${(e: SubmitEvent) => {
          const f = new FormData(e.target as HTMLFormElement);
          // Criteria keep their ids by line; new lines get new ones (past observations keep theirs).
          const lines = text(f, 'criteria').split('\n').map((c) => c.trim()).filter(Boolean);
          const used = new Set(obs!.criteria.map((c) => c.id));
          let next = obs!.criteria.length;
          const criteria = lines.map((line) => {
            const same = obs!.criteria.find((c) => c.text === line);
            if (same) return { id: same.id, text: line };
            while (used.has(`c${++next}`));
            used.add(`c${next}`);
            return { id: `c${next}`, text: line };
          });
          return this.#save(e, 'obs', 'PUT', `/api/blended/observation-forms/${this.formId}`, { title: text(f, 'title'), criteria, assessorIds: obs!.assessorIds }, 'Observation form saved.');
        }}>
          <h3 id="edit-obs-h">Edit an observation form</h3>
          <div class="row">
            <label class="field">Form <select @change=${(e: Event) => (this.formId = (e.target as HTMLSelectElement).value)}><option value="">Choose…</option>${this.forms.map((f) => html`<option value=${f.id}>${f.title}</option>`)}</select></label>
            ${obs
              ? html`<label class="field">New title <input name="title" required .value=${obs.title} /></label>
                  <label class="field">Criteria, one per line <textarea name="criteria" rows="4" required .value=${obs.criteria.map((c) => c.text).join('\n')}></textarea></label>
                  <button type="submit" class="primary">Save form</button>`
              : nothing}
          </div>
          ${this.#err('obs')}
        </form>

        <form class="gap-above" aria-labelledby="edit-session-h" @submit=${(e: SubmitEvent) => {
          const f = new FormData(e.target as HTMLFormElement);
          const body: Record<string, unknown> = {};
          if (text(f, 'startsAt') && text(f, 'startsAt') !== local(session!.startsAt)) body.startsAt = new Date(text(f, 'startsAt')).toISOString();
          if (text(f, 'endsAt') && text(f, 'endsAt') !== local(session!.endsAt)) body.endsAt = new Date(text(f, 'endsAt')).toISOString();
          if (session!.kind === 'classroom' && text(f, 'location') !== (session!.location ?? '')) body.location = text(f, 'location');
          if (session!.kind === 'virtual' && text(f, 'joinUrl') !== (session!.joinUrl ?? '')) body.joinUrl = text(f, 'joinUrl');
          if (text(f, 'capacity') && Number(text(f, 'capacity')) !== session!.capacity) body.capacity = Number(text(f, 'capacity'));
          const moved = 'startsAt' in body || 'endsAt' in body || 'location' in body || 'joinUrl' in body;
          return this.#save(e, 'session', 'PATCH', `/api/blended/events/${eventId}/sessions/${sessionId}`, body, moved ? 'Session saved. Everyone booked was sent the updated invitation.' : 'Session saved.');
        }}>
          <h3 id="edit-session-h">Move or resize a session</h3>
          <div class="row">
            <label class="field"
              >Session
              <select @change=${(e: Event) => (this.sessionKey = (e.target as HTMLSelectElement).value)}>
                <option value="">Choose…</option>
                ${this.events.flatMap((ev) => ev.sessions.filter((s) => !s.cancelled).map((s) => html`<option value=${`${ev.id}|${s.id}`}>${ev.title} · ${sessionWhen(s)}</option>`))}
              </select>
            </label>
            ${session
              ? html`<label class="field">New start <input type="datetime-local" name="startsAt" .value=${local(session.startsAt)} /></label>
                  <label class="field">New end <input type="datetime-local" name="endsAt" .value=${local(session.endsAt)} /></label>
                  ${session.kind === 'classroom'
                    ? html`<label class="field">New location <input name="location" .value=${session.location ?? ''} /></label>`
                    : html`<label class="field">New join URL <input type="url" name="joinUrl" .value=${session.joinUrl ?? ''} /></label>`}
                  <label class="field">Seats <input type="number" min="1" name="capacity" .value=${session.capacity === undefined ? '' : String(session.capacity)} /></label>
                  <button type="submit" class="primary">Save session</button>`
              : nothing}
          </div>
          ${this.#err('session')}
        </form>
      </section>
    `;
  }
}

customElements.define('lms-blended-edit', LmsBlendedEdit);
