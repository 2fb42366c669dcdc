/**
 * <lms-report-performance>: HR imports performance data (CSV; every bad row is listed by
 * row and column), then relates a learning measure to a metric by cohort: Pearson,
 * Spearman, 95% CI, p, n, a plain reading, and a scatter plot with its least-squares line.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { SUPPRESSED_TEXT, num, reportStyles } from './report-styles.js';
import './lms-chart.js';
import './lms-data-table.js';

interface Cohort { key: string; n: number; suppressed: boolean; pearson?: number | null; spearman?: number | null; ci95?: [number, number] | null; pValue?: number | null; line?: { slope: number; intercept: number } | null; reading?: string; points?: Array<[number, number]> }
interface Report { xLabel: string; yLabel: string; overall: Cohort; cohorts: Cohort[]; minGroupSize: number }
interface Catalogue { metrics: Array<{ metric: string; periods: string[]; records: number }> }

const MEASURES = [
  ['completion', 'Completion of assigned learning'],
  ['score', 'Mean assessment score'],
  ['time_to_complete', 'Days to complete'],
  ['practice', 'Learning activity per week'],
] as const;

export class LmsReportPerformance extends LitElement {
  static override properties = {
    api: { attribute: false },
    canImport: { type: Boolean },
    catalogue: { state: true },
    metric: { state: true },
    report: { state: true },
    rowErrors: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [controlStyles, reportStyles];

  declare api: Api;
  declare canImport: boolean;
  declare private catalogue: Catalogue | null;
  declare private metric: string;
  declare private report: Report | null;
  declare private rowErrors: Array<Record<string, unknown>>;
  declare private error: string | null;
  declare private notice: string | null;

  constructor() {
    super();
    this.canImport = false;
    this.catalogue = null;
    this.metric = '';
    this.report = null;
    this.rowErrors = [];
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadCatalogue();
  }

  async #loadCatalogue(): Promise<void> {
    try {
      this.catalogue = await this.api.request<Catalogue>('GET', '/api/performance/metrics');
      this.metric ||= this.catalogue.metrics[0]?.metric ?? '';
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : 'Could not load the performance metrics.';
    }
  }

  async #import(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const file = (e.target as HTMLFormElement).querySelector<HTMLInputElement>('input[type=file]')?.files?.[0];
    if (!file) return;
    this.error = null;
    this.notice = null;
    this.rowErrors = [];
    const res = await fetch('/api/performance/imports', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Accept: 'application/json', ...(this.api.csrfToken ? { 'X-CSRF-Token': this.api.csrfToken } : {}) },
      credentials: 'same-origin',
      body: await file.text(),
    });
    const body = (await res.json().catch(() => null)) as { imported?: number; created?: number; updated?: number; error?: { message: string; details?: { errors?: Array<Record<string, unknown>> } } } | null;
    if (res.ok && body) {
      this.notice = `Imported ${body.imported} rows (${body.created} new, ${body.updated} replaced).`;
      await this.#loadCatalogue();
    } else {
      this.error = body?.error?.message ?? `The import failed (HTTP ${res.status}).`;
      this.rowErrors = body?.error?.details?.errors ?? [];
    }
  }

  async #run(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.error = null;
    try {
      const q = new URLSearchParams({ metric: String(f.get('metric')), period: String(f.get('period')), measure: String(f.get('measure')), cohort: String(f.get('cohort')) });
      this.report = await this.api.request<Report>('GET', `/api/reports/performance-correlation?${q}`);
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'The report could not be computed.';
    }
  }

  #scatter(c: Cohort, r: Report) {
    const pts = (c.points ?? []).map(([x, y]) => ({ x, y }));
    const xs = pts.map((p) => p.x);
    const series: Array<{ label: string; data: Array<{ x: number; y: number }>; line?: boolean }> = [{ label: 'People', data: pts }];
    if (c.line && xs.length) {
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      series.push({ label: 'Least-squares line', line: true, data: [{ x: lo, y: c.line.intercept + c.line.slope * lo }, { x: hi, y: c.line.intercept + c.line.slope * hi }] });
    }
    return html`<lms-chart type="scatter" caption=${`${r.yLabel} against ${r.xLabel.toLowerCase()}`} summary=${c.reading ?? ''}
      xLabel=${r.xLabel} yLabel=${r.yLabel} .series=${series}
      .table=${{ columns: [{ key: 'x', label: r.xLabel, numeric: true }, { key: 'y', label: r.yLabel, numeric: true }], rows: pts }}></lms-chart>`;
  }

  override render() {
    const cat = this.catalogue;
    const periods = cat?.metrics.find((m) => m.metric === this.metric)?.periods ?? [];
    const r = this.report;
    return html`
      ${this.canImport
        ? html`<div class="card">
            <h3>Import performance data</h3>
            <p class="muted">CSV with columns <code>person</code> (employee id or email), <code>period</code> (2026, 2026-H1, 2026-Q2 or 2026-05), <code>metric</code>, <code>value</code> (a rating or KPI value). Nothing is imported unless every row is good.</p>
            <form class="filters" @submit=${this.#import}>
              <label>CSV file <input type="file" name="file" accept=".csv,text/csv" required /></label>
              <button class="primary" type="submit">Import</button>
            </form>
            <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
            ${this.rowErrors.length
              ? html`<lms-data-table caption="Rows to fix" filename="import-errors.csv" .rows=${this.rowErrors}
                  .columns=${[{ key: 'row', label: 'Row', numeric: true }, { key: 'line', label: 'Line', numeric: true }, { key: 'column', label: 'Column' }, { key: 'message', label: 'Problem' }]}></lms-data-table>`
              : nothing}
          </div>`
        : nothing}
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div class="card">
        <h3>Learning and performance</h3>
        ${cat && !cat.metrics.length
          ? html`<p class="muted">No performance data yet.</p>`
          : html`<form class="filters" @submit=${this.#run}>
              <label>Metric <select name="metric" .value=${this.metric} @change=${(e: Event) => (this.metric = (e.target as HTMLSelectElement).value)}>
                ${cat?.metrics.map((m) => html`<option value=${m.metric}>${m.metric}</option>`)}</select></label>
              <label>Period <select name="period">${periods.map((p) => html`<option value=${p}>${p}</option>`)}</select></label>
              <label>Learning measure <select name="measure">${MEASURES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></label>
              <label>Cohorts by <select name="cohort"><option value="department">Department</option><option value="jobRole">Job role</option><option value="location">Location</option><option value="all">Everyone together</option></select></label>
              <button class="primary" type="submit">Compute</button>
            </form>`}
        ${r
          ? html`
              ${r.overall.suppressed
                ? html`<p class="reading">${SUPPRESSED_TEXT}.</p>`
                : html`<p class="reading" data-reading>${r.overall.reading}</p>
                    <dl class="stats">
                      <dt>Pearson r</dt><dd>${num(r.overall.pearson)}</dd>
                      <dt>Spearman ρ</dt><dd>${num(r.overall.spearman)}</dd>
                      <dt>95% interval of r</dt><dd>${r.overall.ci95 ? `${num(r.overall.ci95[0])} to ${num(r.overall.ci95[1])}` : '—'}</dd>
                      <dt>p-value</dt><dd>${num(r.overall.pValue, 4)}</dd>
                      <dt>n</dt><dd>${r.overall.n}</dd>
                    </dl>
                    ${this.#scatter(r.overall, r)}`}
              ${r.cohorts.length
                ? html`<lms-data-table caption="By cohort" filename="correlation-by-cohort.csv" .rows=${r.cohorts as unknown as Array<Record<string, unknown>>}
                    .columns=${[
                      { key: 'key', label: 'Cohort' },
                      { key: 'n', label: 'n', numeric: true, format: (v: unknown, c: Record<string, unknown>) => (c.suppressed ? SUPPRESSED_TEXT : String(v)) },
                      { key: 'pearson', label: 'Pearson r', numeric: true, format: (v: unknown) => num(v as number) },
                      { key: 'spearman', label: 'Spearman ρ', numeric: true, format: (v: unknown) => num(v as number) },
                      { key: 'ci95', label: '95% interval', format: (v: unknown) => (Array.isArray(v) ? `${num(v[0])} to ${num(v[1])}` : '—') },
                      { key: 'pValue', label: 'p', numeric: true, format: (v: unknown) => num(v as number, 4) },
                      { key: 'reading', label: 'Reading' },
                    ]}></lms-data-table>`
                : nothing}`
          : nothing}
      </div>
    `;
  }
}

customElements.define('lms-report-performance', LmsReportPerformance);
