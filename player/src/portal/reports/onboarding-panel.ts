/**
 * <lms-report-onboarding>: new hires' onboarding completion, the 30/60/90-day
 * checkpoints, and time to productivity per job role; HR sets each role's milestone.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { SUPPRESSED_TEXT, pct, reportStyles } from './report-styles.js';
import './lms-chart.js';
import './lms-data-table.js';
import '../hr/lms-target-picker.js';

interface Onboarding {
  window: { from: string; to: string };
  newHires: number;
  completionPct: number | null;
  fullyOnboardedPct: number | null;
  checkpoints: Array<{ day: number; eligible: number; done: number | null; pct: number | null; suppressed: boolean }>;
  productivity: Array<Record<string, unknown>>;
  suppressed: boolean;
  /** Each new hire on an onboarding template, with their 30/60/90-day checkpoints. */
  hires?: Array<{
    personId: string;
    name: string;
    jobRole: string | null;
    hireDate: string;
    pathTitle: string;
    checkpoints: Array<{ day: number; dueAt: string; status: 'done' | 'due' | 'overdue'; done: number; total: number }>;
  }>;
}

const CHECKPOINT_TEXT = { done: 'Done', due: 'Due', overdue: 'Overdue' } as const;

interface Milestone { jobRole: string; target: { type: string; id: string }; label?: string }

export class LmsReportOnboarding extends LitElement {
  static override properties = {
    api: { attribute: false },
    canEdit: { type: Boolean },
    data: { state: true },
    milestones: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [controlStyles, reportStyles];

  declare api: Api;
  declare canEdit: boolean;
  declare private data: Onboarding | null;
  declare private milestones: Milestone[];
  declare private error: string | null;
  declare private notice: string | null;

  constructor() {
    super();
    this.canEdit = false;
    this.data = null;
    this.milestones = [];
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      [this.data, this.milestones] = await Promise.all([
        this.api.request<Onboarding>('GET', '/api/reports/onboarding'),
        this.api.request<{ items: Milestone[] }>('GET', '/api/reports/milestones').then((r) => r.items),
      ]);
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : 'Onboarding could not be loaded.';
    }
  }

  /** What the milestone is, chosen by name in the target picker. */
  #milestoneTarget: { type: string; id: string } | null = null;

  async #saveMilestone(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.error = null;
    this.notice = null;
    try {
      const jobRole = String(f.get('jobRole') ?? '').trim();
      await this.api.request('PUT', `/api/reports/milestones/${encodeURIComponent(jobRole)}`, {
        target: { type: this.#milestoneTarget?.type ?? 'activity', id: this.#milestoneTarget?.id ?? '' },
        ...(String(f.get('label') ?? '').trim() ? { label: String(f.get('label')).trim() } : {}),
      });
      this.notice = `Milestone saved for ${jobRole}.`;
      await this.#load();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'The milestone could not be saved.';
    }
  }

  /** One row per new hire and journey; a column per checkpoint day with its standing and due date. */
  #hires(d: Onboarding) {
    const hires = d.hires ?? [];
    const days = [...new Set(hires.flatMap((h) => h.checkpoints.map((c) => c.day)))].sort((a, b) => a - b);
    const rows = hires.map((h) => {
      const row: Record<string, unknown> = { personId: h.personId, name: h.name, jobRole: h.jobRole ?? '', hireDate: h.hireDate, path: h.pathTitle };
      for (const c of h.checkpoints) row[`day${c.day}`] = `${CHECKPOINT_TEXT[c.status]}${c.status === 'done' ? '' : ` · by ${c.dueAt}`} (${c.done}/${c.total} steps)`;
      return row;
    });
    return html`<div class="card">
      <lms-data-table caption="New hires' 30/60/90-day checkpoints" filename="onboarding-checkpoints.csv" empty="No new hires on an onboarding journey in this window (HR makes a path a job role's onboarding template on the Blended learning page)."
        .columns=${[
          { key: 'name', label: 'New hire' },
          { key: 'jobRole', label: 'Job role' },
          { key: 'hireDate', label: 'Hired' },
          { key: 'path', label: 'Journey' },
          ...days.map((day) => ({ key: `day${day}`, label: `Day ${day}` })),
        ]}
        .rows=${rows}></lms-data-table>
    </div>`;
  }

  override render() {
    const d = this.data;
    if (!d) return html`<div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div><p class="muted">Loading…</p>`;
    const cps = d.checkpoints;
    return html`
      <p class="muted">People hired ${d.window.from} to ${d.window.to}. Onboarding = requirements assigned within 14 days of the hire date.</p>
      <div class="tiles">
        <div class="tile"><div class="label">New hires</div><div class="value">${d.newHires}</div></div>
        <div class="tile"><div class="label">Onboarding requirements complete</div><div class="value">${d.suppressed ? '—' : pct(d.completionPct)}</div></div>
        <div class="tile"><div class="label">Fully onboarded</div><div class="value">${d.suppressed ? '—' : pct(d.fullyOnboardedPct)}</div></div>
      </div>
      ${d.suppressed ? html`<p class="muted">${SUPPRESSED_TEXT}.</p>` : nothing}
      <div class="grid2">
        <div class="card">
          <lms-chart type="bar" caption="Onboarding finished by day 30, 60 and 90" summary=${cps.map((c) => `day ${c.day}: ${c.suppressed ? 'withheld' : pct(c.pct)}`).join('; ')}
            .labels=${cps.map((c) => `Day ${c.day}`)} .series=${[{ label: 'Finished (%)', data: cps.map((c) => c.pct) }]} .yMax=${100} yLabel="% of new hires"
            .table=${{ columns: [{ key: 'day', label: 'Day', numeric: true }, { key: 'eligible', label: 'Hired at least that long ago', numeric: true }, { key: 'done', label: 'Finished by then', numeric: true }, { key: 'pct', label: '%', numeric: true }], rows: cps }}></lms-chart>
        </div>
        <div class="card">
          <lms-data-table caption="Time to productivity by job role" filename="time-to-productivity.csv" empty="No milestones set yet: HR sets one per job role below."
            .columns=${[
              { key: 'jobRole', label: 'Job role' },
              { key: 'milestone', label: 'Milestone' },
              { key: 'hired', label: 'Hired', numeric: true },
              { key: 'reached', label: 'Reached', numeric: true, format: (v: unknown, r: Record<string, unknown>) => (r.suppressed ? SUPPRESSED_TEXT : String(v)) },
              { key: 'medianDays', label: 'Median days', numeric: true },
              { key: 'meanDays', label: 'Mean days', numeric: true },
            ]}
            .rows=${d.productivity}></lms-data-table>
        </div>
      </div>
      ${this.#hires(d)}
      ${this.canEdit
        ? html`<div class="card">
            <h3>Set a role's productivity milestone</h3>
            <form class="filters" @submit=${this.#saveMilestone}>
              <label>Job role <input type="text" name="jobRole" required maxlength="200" /></label>
              <lms-target-picker .api=${this.api} @pick=${(e: CustomEvent<{ type: string; id: string }>) => (this.#milestoneTarget = e.detail.id ? e.detail : null)}></lms-target-picker>
              <label>Label (optional) <input type="text" name="label" maxlength="200" /></label>
              <button class="primary" type="submit">Save milestone</button>
            </form>
            <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
            <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
            <lms-data-table caption="Milestones" filename="milestones.csv" empty="None yet." .rows=${this.milestones.map((m) => ({ jobRole: m.jobRole, type: m.target.type, id: m.target.id, label: m.label ?? '' }))}
              .columns=${[{ key: 'jobRole', label: 'Job role' }, { key: 'type', label: 'Type' }, { key: 'id', label: 'Target' }, { key: 'label', label: 'Label' }]}></lms-data-table>
          </div>`
        : nothing}
    `;
  }
}

customElements.define('lms-report-onboarding', LmsReportOnboarding);
