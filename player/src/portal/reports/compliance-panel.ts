/**
 * <lms-report-compliance>: KPI tiles against the HR targets, completion now and over
 * time, 30/60/90-day expirations, the figures by department / location / job role /
 * manager, the past-due list, and drill-down to the people behind any figure.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { LiveRefresh } from '../live-refresh.js';
import type { Column } from './lms-data-table.js';
import type { Dashboard, Dimension, GroupRow, Kpi } from './report-types.js';
import { SUPPRESSED_TEXT, pct, reportStyles } from './report-styles.js';
import './lms-chart.js';
import './lms-data-table.js';

const DIMENSION_LABELS: Record<Dimension, string> = { department: 'Department', location: 'Location', jobRole: 'Job role', manager: 'Manager' };

interface Drill {
  title: string;
  query: Record<string, string>;
  items: Array<Record<string, unknown>>;
  total: number;
}

const date = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : '—');

export class LmsReportCompliance extends LitElement {
  static override properties = {
    api: { attribute: false },
    data: { state: true },
    options: { state: true },
    filters: { state: true },
    dimension: { state: true },
    drill: { state: true },
    error: { state: true },
  };

  static override styles = [controlStyles, reportStyles];

  declare api: Api;
  declare private data: Dashboard | null;
  /** Filter choices, from the unfiltered dashboard's groups. */
  declare private options: Dashboard | null;
  declare private filters: Record<string, string>;
  declare private dimension: Dimension;
  declare private drill: Drill | null;
  declare private error: string | null;

  constructor() {
    super();
    this.data = null;
    this.options = null;
    this.filters = {};
    this.dimension = 'department';
    this.drill = null;
    this.error = null;
  }

  /** Statuses move within seconds of a statement landing: reload while shown. */
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: the controller adds itself to this host; the field names it
  readonly #live = new LiveRefresh(this, () => this.#load());

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    this.error = null;
    try {
      const qs = new URLSearchParams(Object.entries(this.filters).filter(([, v]) => v)).toString();
      this.data = await this.api.request<Dashboard>('GET', `/api/reports/compliance${qs ? `?${qs}` : ''}`);
      this.options ??= this.data;
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : 'The dashboard could not be loaded.';
    }
  }

  async #drillDown(title: string, query: Record<string, string>): Promise<void> {
    try {
      const q = { ...Object.fromEntries(Object.entries(this.filters).filter(([, v]) => v)), ...query, limit: '500' };
      const res = await this.api.request<{ total: number; items: Array<Record<string, unknown>> }>('GET', `/api/reports/compliance/people?${new URLSearchParams(q)}`);
      this.drill = { title, query: q, ...res };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#drill-title')?.focus();
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : 'The people could not be loaded.';
    }
  }

  #filterChanged(e: Event): void {
    const el = e.target as HTMLSelectElement;
    this.filters = { ...this.filters, [el.name]: el.value };
    this.drill = null;
    void this.#load();
  }

  #kpiTile(k: Kpi) {
    const state = k.met === null ? 'unknown' : k.met ? 'met' : 'missed';
    const target = `${k.comparator === '<' ? 'under' : 'at least'} ${k.target}%`;
    return html`<div class="tile ${state}" data-kpi=${k.id}>
      <div class="label">${k.label}</div>
      <div class="value">${pct(k.actual)}</div>
      <div class="target">Target ${target} ·
        ${k.met === null ? html`<span class="muted">no data</span>` : html`<span class="badge ${state}">${k.met ? 'On target' : 'Off target'}</span>`}
      </div>
      <div class="muted" title=${k.note ?? ''}>n=${k.n}</div>
    </div>`;
  }

  #groupColumns(): Column[] {
    const dim = this.dimension;
    return [
      { key: 'label', label: DIMENSION_LABELS[dim] },
      { key: 'people', label: 'People', numeric: true, format: (v, r) => (r.suppressed && v === undefined ? SUPPRESSED_TEXT : String(v)) },
      { key: 'requirements', label: 'Requirements', numeric: true },
      { key: 'completionPct', label: 'Complete', numeric: true, format: (v) => pct(v as number | null) },
      { key: 'pastDuePct', label: 'Past due', numeric: true, format: (v) => pct(v as number | null) },
      { key: 'expiringWithin90', label: 'Expiring ≤ 90 days', numeric: true },
      {
        key: 'key',
        label: 'People behind it',
        format: (v, r) =>
          r.suppressed
            ? html`<span class="muted">Pooled</span>`
            : html`<button type="button" class="linklike" @click=${() => this.#drillDown(`${DIMENSION_LABELS[dim]}: ${r.label}`, { [dim === 'manager' ? 'managerId' : dim]: String(v) })}>Show people<span class="visually-hidden"> in ${r.label}</span></button>`,
      },
    ];
  }

  override render() {
    if (this.error && !this.data) return html`<p class="error" role="alert">${this.error}</p>`;
    const d = this.data;
    if (!d) return html`<p class="muted" role="status">Loading the dashboard…</p>`;
    const opts = this.options ?? d;
    const groups: GroupRow[] = d.groups[this.dimension];
    const shown = groups.filter((g) => !g.suppressed || g.completionPct !== undefined);
    return html`
      <form class="filters" @change=${this.#filterChanged} @submit=${(e: Event) => e.preventDefault()}>
        ${(['department', 'location', 'jobRole'] as const).map(
          (dim) => html`<label>${DIMENSION_LABELS[dim]}
            <select name=${dim} .value=${this.filters[dim] ?? ''}>
              <option value="">All</option>
              ${opts.groups[dim].filter((g) => !g.suppressed).map((g) => html`<option value=${g.key}>${g.label}</option>`)}
            </select></label>`,
        )}
        <label>Requirement
          <select name="targetId" .value=${this.filters.targetId ?? ''}>
            <option value="">All requirements</option>
            ${opts.requirements.map((r) => html`<option value=${r.targetId}>${r.title}</option>`)}
          </select></label>
      </form>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>

      <h3>Targets</h3>
      <div class="tiles">${d.kpis.map((k) => this.#kpiTile(k))}</div>

      <h3>Now</h3>
      <div class="tiles">
        <div class="tile"><div class="label">Completion</div><div class="value" data-figure="completion">${pct(d.totals.completionPct)}</div>
          <div class="muted">${d.totals.complete + d.totals.expiring} of ${d.totals.requirements} requirements, ${d.totals.people} people</div></div>
        <div class="tile"><div class="label">Overdue or expired</div><div class="value">${d.totals.overdue + d.totals.expired}</div>
          <button type="button" class="linklike" @click=${() => this.#drillDown('Overdue or expired', { status: 'past_due' })}>Show people</button></div>
        ${([30, 60, 90] as const).map(
          (n) => html`<div class="tile"><div class="label">Expiring within ${n} days</div><div class="value">${d.forecast[`within${n}`]}</div>
            <button type="button" class="linklike" @click=${() => this.#drillDown(`Expiring within ${n} days`, { expiringWithinDays: String(n) })}>Show people<span class="visually-hidden"> expiring within ${n} days</span></button></div>`,
        )}
      </div>

      <div class="grid2">
        <div class="card">
          <lms-chart type="line" caption="Completion over the last 12 weeks" summary=${`From ${pct(d.trend[0]?.completionPct)} to ${pct(d.trend.at(-1)?.completionPct)}.`}
            .labels=${d.trend.map((p) => p.date)} .series=${[{ label: 'Complete (%)', data: d.trend.map((p) => p.completionPct) }]}
            xLabel="Week" yLabel="% complete" .yMax=${100}
            .table=${{ columns: [{ key: 'date', label: 'Week' }, { key: 'completionPct', label: 'Complete (%)', numeric: true }, { key: 'completed', label: 'Completed', numeric: true }, { key: 'assigned', label: 'Assigned', numeric: true }], rows: d.trend }}></lms-chart>
        </div>
        <div class="card">
          <label>Group by
            <select @change=${(e: Event) => (this.dimension = (e.target as HTMLSelectElement).value as Dimension)} .value=${this.dimension}>
              ${(Object.keys(DIMENSION_LABELS) as Dimension[]).map((k) => html`<option value=${k}>${DIMENSION_LABELS[k]}</option>`)}
            </select></label>
          <lms-chart type="bar" caption=${`Completion and past due by ${DIMENSION_LABELS[this.dimension].toLowerCase()}`}
            summary=${`${shown.length} groups; groups under 5 people are pooled or withheld.`}
            .labels=${shown.map((g) => g.label)}
            .series=${[{ label: 'Complete (%)', data: shown.map((g) => g.completionPct ?? null) }, { label: 'Past due (%)', data: shown.map((g) => g.pastDuePct ?? null) }]}
            .yMax=${100} yLabel="%"
            .table=${{ columns: this.#groupColumns().slice(0, 6), rows: groups }}></lms-chart>
        </div>
      </div>

      <div class="card">
        <lms-data-table caption=${`By ${DIMENSION_LABELS[this.dimension].toLowerCase()}`} filename=${`compliance-by-${this.dimension}.csv`} .columns=${this.#groupColumns()} .rows=${groups}></lms-data-table>
      </div>

      <div class="card">
        <lms-data-table caption=${`Past due (${d.pastDue.total})`} filename="past-due.csv" empty="Nothing is past due."
          .columns=${[
            { key: 'name', label: 'Person' },
            { key: 'department', label: 'Department' },
            { key: 'title', label: 'Requirement' },
            { key: 'status', label: 'Status' },
            { key: 'dueAt', label: 'Due', format: date },
            { key: 'daysPastDue', label: 'Days past due', numeric: true },
          ]}
          .rows=${d.pastDue.items}></lms-data-table>
      </div>

      ${this.drill
        ? html`<div class="card">
            <h3 id="drill-title" tabindex="-1">${this.drill.title}: ${this.drill.total} ${this.drill.total === 1 ? 'line' : 'lines'}</h3>
            <p><a href=${`/api/reports/compliance/people.csv?${new URLSearchParams(this.drill.query)}`} download>Download all as CSV</a></p>
            <lms-data-table filename="people.csv" .rows=${this.drill.items}
              .columns=${[
                { key: 'name', label: 'Person' },
                { key: 'employeeId', label: 'Employee id' },
                { key: 'department', label: 'Department' },
                { key: 'manager', label: 'Manager' },
                { key: 'title', label: 'Requirement' },
                { key: 'status', label: 'Status' },
                { key: 'dueAt', label: 'Due', format: date },
                { key: 'completedAt', label: 'Completed', format: date },
                { key: 'expiresAt', label: 'Expires', format: date },
              ]}></lms-data-table>
          </div>`
        : nothing}
      <p class="muted">As of ${new Date(d.asOf).toLocaleString()}. ${d.scope === 'all' ? 'Everyone.' : d.scope === 'team' ? 'Your team (everyone reporting to you, directly or not).' : 'Your own requirements.'}
        Group figures over fewer than 5 people are pooled into “Other” or withheld.</p>
    `;
  }
}

customElements.define('lms-report-compliance', LmsReportCompliance);
