/**
 * <lms-report-evidence>: HR builds an audit evidence pack for a requirement, population
 * and period; watches the job's progress; downloads the ZIP. The completions alone are
 * offered as CSV straight away.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import type { Dashboard, JobView } from './report-types.js';
import { reportStyles } from './report-styles.js';
import './lms-data-table.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LmsReportEvidence extends LitElement {
  static override properties = {
    api: { attribute: false },
    requirements: { state: true },
    packs: { state: true },
    building: { state: true },
    error: { state: true },
    csvHref: { state: true },
  };

  static override styles = [controlStyles, reportStyles];

  declare api: Api;
  declare private requirements: Dashboard['requirements'];
  declare private packs: JobView[];
  declare private building: JobView | null;
  declare private error: string | null;
  declare private csvHref: string;

  constructor() {
    super();
    this.requirements = [];
    this.packs = [];
    this.building = null;
    this.error = null;
    this.csvHref = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const [dash, packs] = await Promise.all([
        this.api.request<Dashboard>('GET', '/api/reports/compliance'),
        this.api.request<{ items: JobView[] }>('GET', '/api/reports/evidence-packs'),
      ]);
      this.requirements = dash.requirements;
      this.packs = packs.items;
      await this.updateComplete;
      this.#formChanged();
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : 'Could not load the requirements.';
    }
  }

  #request(): { target: { type: string; id: string }; population: Record<string, string>; from?: string; to?: string } | null {
    const form = this.renderRoot.querySelector('form');
    if (!form) return null;
    const f = new FormData(form);
    const [type, ...rest] = String(f.get('requirement') ?? '').split(':');
    if (!type) return null;
    const population: Record<string, string> = {};
    for (const k of ['department', 'location', 'jobRole']) if (String(f.get(k) ?? '').trim()) population[k] = String(f.get(k)).trim();
    const from = String(f.get('from') ?? '');
    const to = String(f.get('to') ?? '');
    return { target: { type, id: rest.join(':') }, population, ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }

  #formChanged(): void {
    const r = this.#request();
    if (!r) return;
    const q = new URLSearchParams({ targetType: r.target.type, targetId: r.target.id, ...r.population, ...(r.from ? { from: r.from } : {}), ...(r.to ? { to: r.to } : {}) });
    this.csvHref = `/api/reports/evidence-packs/completions.csv?${q}`;
  }

  async #build(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const r = this.#request();
    if (!r) return;
    this.error = null;
    try {
      let pack = await this.api.request<JobView>('POST', '/api/reports/evidence-packs', r);
      this.building = { ...pack, progress: 0 };
      while (pack.state === 'queued' || pack.state === 'running') {
        await wait(400);
        pack = await this.api.request<JobView>('GET', `/api/reports/evidence-packs/${pack.id}`);
        this.building = pack;
      }
      if (pack.state === 'failed') this.error = `The pack could not be built: ${pack.error ?? 'unknown reason'}`;
      this.packs = (await this.api.request<{ items: JobView[] }>('GET', '/api/reports/evidence-packs')).items;
    } catch (err) {
      this.error = err instanceof ApiError ? `${err.field ? `${err.field}: ` : ''}${err.message}` : 'The pack could not be requested.';
      this.building = null;
    }
  }

  override render() {
    const b = this.building;
    return html`
      <div class="card">
        <h3>Build an evidence pack</h3>
        <p class="muted">A ZIP for auditors: completions with timestamps, scores and expiry; people still outstanding; policy acknowledgements with signature hashes and the text of each version; for a path, its checklist tasks, observations and attendance (blended.csv) with any evidence file; and the underlying xAPI statements.</p>
        <form class="filters" @submit=${this.#build} @change=${this.#formChanged}>
          <label>Requirement
            <select name="requirement" required>
              ${this.requirements.map((r) => html`<option value=${`${r.targetType}:${r.targetId}`}>${r.title} (${r.targetType})</option>`)}
            </select></label>
          <label>Department <input type="text" name="department" placeholder="All" /></label>
          <label>Location <input type="text" name="location" placeholder="All" /></label>
          <label>Job role <input type="text" name="jobRole" placeholder="All" /></label>
          <label>From <input type="date" name="from" /></label>
          <label>To <input type="date" name="to" /></label>
          <button class="primary" type="submit" ?disabled=${!!b && (b.state === 'queued' || b.state === 'running')}>Build pack</button>
        </form>
        ${this.csvHref ? html`<p><a href=${this.csvHref} download>Download the completions as CSV now</a></p>` : nothing}
        <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
        ${b
          ? html`<div role="status">
              ${b.state === 'done'
                ? html`<p class="notice">Ready: ${b.counts?.completions ?? 0} completions, ${b.counts?.statements ?? 0} statements, ${b.counts?.outstanding ?? 0} outstanding${b.counts?.blended !== undefined ? `, ${b.counts.blended} blended records (checklist tasks, observations, attendance)` : ''}.
                    <a href=${b.downloadUrl!} download>Download the evidence pack</a></p>`
                : html`<label for="pack-progress">Building “${b.title}”: ${b.progress ?? 0}%</label><progress id="pack-progress" max="100" .value=${b.progress ?? 0}></progress>`}
            </div>`
          : nothing}
      </div>
      <div class="card">
        <lms-data-table caption="Recent evidence packs" filename="evidence-packs.csv" empty="No packs built yet."
          .rows=${this.packs.map((p) => ({ ...p, completions: p.counts?.completions, statements: p.counts?.statements }))}
          .columns=${[
            { key: 'title', label: 'Requirement' },
            { key: 'createdAt', label: 'Asked', format: (v: unknown) => new Date(String(v)).toLocaleString() },
            { key: 'state', label: 'State' },
            { key: 'completions', label: 'Completions', numeric: true },
            { key: 'statements', label: 'Statements', numeric: true },
            { key: 'downloadUrl', label: 'File', format: (v: unknown) => (v ? html`<a href=${String(v)} download>Download</a>` : '—') },
          ]}></lms-data-table>
      </div>
    `;
  }
}

customElements.define('lms-report-evidence', LmsReportEvidence);
