/**
 * <lms-compliance-calendar>: upcoming due dates, expiries and recertification windows in
 * a date range, grouped by month, filtered by department, job role or status.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { formatDate, hrStyles, STATUS_LABELS } from './hr-styles.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

interface CalendarEvent {
  date: string;
  kind: 'due' | 'expires' | 'window-opens';
  personId: string;
  personName?: string;
  department?: string;
  jobRole?: string;
  title: string;
  status: string;
}

const KIND_LABELS: Record<CalendarEvent['kind'], string> = { due: 'Due', expires: 'Expires', 'window-opens': 'Recertification opens' };
const day = (d: Date) => d.toISOString().slice(0, 10);

export class LmsComplianceCalendar extends LitElement {
  static override properties = {
    api: { attribute: false },
    events: { state: true },
    departments: { state: true },
    jobRoles: { state: true },
    error: { state: true },
    loading: { state: true },
  };

  static override styles = [stackedTableStyles, controlStyles, hrStyles];

  declare api: Api;
  declare private events: CalendarEvent[] | null;
  declare private departments: string[];
  declare private jobRoles: string[];
  declare private error: string | null;
  declare private loading: boolean;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.events = null;
    this.departments = [];
    this.jobRoles = [];
    this.error = null;
    this.loading = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api
      .request<{ departments: Array<{ name: string }>; jobRoles: Array<{ name: string }> }>('GET', '/api/org')
      .then((o) => ((this.departments = o.departments.map((d) => d.name)), (this.jobRoles = o.jobRoles.map((j) => j.name))))
      .catch(() => {});
    void this.updateComplete.then(() => this.#search());
  }

  override render() {
    const today = new Date();
    const months = new Map<string, CalendarEvent[]>();
    for (const e of this.events ?? []) {
      const key = new Date(e.date).toLocaleDateString(undefined, { year: 'numeric', month: 'long', timeZone: 'UTC' });
      months.set(key, [...(months.get(key) ?? []), e]);
    }
    return html`
      <h2 id="calendar-title">Compliance calendar</h2>
      <form @submit=${(e: Event) => (e.preventDefault(), this.#search())}>
        <div class="row">
          <label>From <input type="date" name="from" .value=${day(today)} required /></label>
          <label>To <input type="date" name="to" .value=${day(new Date(today.getTime() + 90 * 86400_000))} required /></label>
          <label>Department
            <select name="department"><option value="">All</option>${this.departments.map((d) => html`<option>${d}</option>`)}</select></label>
          <label>Job role
            <select name="jobRole"><option value="">All</option>${this.jobRoles.map((d) => html`<option>${d}</option>`)}</select></label>
          <label>Status
            <select name="status">
              <option value="">Any</option>
              ${Object.entries(STATUS_LABELS).map(([k, v]) => html`<option value=${k}>${v}</option>`)}
            </select></label>
          <button class="primary" type="submit" ?disabled=${this.loading}>Show</button>
        </div>
      </form>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.events ? html`<p class="muted">${this.events.length} dates in this range.</p>` : nothing}</div>
      ${[...months].map(
        ([month, events]) => html`<div class="table-wrap"><table class="stack">
          <caption>${month}</caption>
          <thead><tr><th scope="col">Date</th><th scope="col">What</th><th scope="col">Requirement</th><th scope="col">Person</th><th scope="col">Department</th><th scope="col">Status</th></tr></thead>
          <tbody>
            ${events.map(
              (e) => html`<tr class=${e.status === 'overdue' || e.status === 'expired' ? 'urgent' : ''}>
                <td>${formatDate(e.date)}</td><td>${KIND_LABELS[e.kind]}</td><td>${e.title}</td><td>${e.personName ?? e.personId}</td><td>${e.department ?? '—'}</td>
                <td><span class="badge ${e.status}">${STATUS_LABELS[e.status] ?? e.status}</span></td>
              </tr>`,
            )}
          </tbody>
        </table></div>`,
      )}
    `;
  }

  async #search() {
    const form = new FormData(this.renderRoot.querySelector('form')!);
    const q = new URLSearchParams();
    for (const k of ['from', 'to', 'department', 'jobRole', 'status']) if (form.get(k)) q.set(k, String(form.get(k)));
    this.loading = true;
    try {
      this.events = (await this.api.request<{ events: CalendarEvent[] }>('GET', `/api/compliance/calendar?${q}`)).events;
      this.error = null;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.loading = false;
    }
  }
}

customElements.define('lms-compliance-calendar', LmsComplianceCalendar);
