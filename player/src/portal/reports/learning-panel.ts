/**
 * <lms-report-learning>: activity over time, per-activity figures with a score
 * histogram, time spent, the most-failed questions, and path enrolment/completion.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { SUPPRESSED_TEXT, num, pct, reportStyles } from './report-styles.js';
import './lms-chart.js';
import './lms-data-table.js';

interface Bin { from: number; to: number; count: number }
interface Activity { id: string; name: string; learners: number; suppressed: boolean; attempts?: number; completions?: number; meanScore?: number | null; scoreHistogram?: Bin[]; timeSpentHours?: number; meanMinutesPerLearner?: number | null }
interface Learning {
  window: { from: string; to: string };
  statements: number;
  learners: number;
  activityOverTime: Array<{ period: string; statements: number }>;
  activities: Activity[];
  mostFailed: Array<Record<string, unknown>>;
  paths: Array<Record<string, unknown>>;
  competencies: { available: boolean; note: string };
}

export class LmsReportLearning extends LitElement {
  static override properties = {
    api: { attribute: false },
    data: { state: true },
    selected: { state: true },
    error: { state: true },
  };

  static override styles = [controlStyles, reportStyles];

  declare api: Api;
  declare private data: Learning | null;
  declare private selected: string;
  declare private error: string | null;

  constructor() {
    super();
    this.data = null;
    this.selected = '';
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.data = await this.api.request<Learning>('GET', '/api/reports/learning?granularity=week');
      this.selected = this.data.activities.find((a) => !a.suppressed && a.scoreHistogram?.some((b) => b.count))?.id ?? '';
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : 'Learning analytics could not be loaded.';
    }
  }

  override render() {
    const d = this.data;
    if (!d) return html`<div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div><p class="muted">Loading…</p>`;
    const act = d.activities.find((a) => a.id === this.selected);
    const bins = act?.scoreHistogram ?? [];
    const scored = d.activities.filter((a) => !a.suppressed && a.scoreHistogram?.some((b) => b.count));
    return html`
      <p class="muted">${d.window.from} to ${d.window.to}: ${d.statements} statements by ${d.learners} learners.</p>
      <div class="grid2">
        <div class="card">
          <lms-chart type="line" caption="Learning activity per week" summary=${`${d.activityOverTime.length} weeks, ${d.statements} statements in all.`}
            .labels=${d.activityOverTime.map((b) => b.period)} .series=${[{ label: 'Statements', data: d.activityOverTime.map((b) => b.statements) }]} xLabel="Week starting" yLabel="Statements"></lms-chart>
        </div>
        <div class="card">
          <label>Scores of
            <select .value=${this.selected} @change=${(e: Event) => (this.selected = (e.target as HTMLSelectElement).value)}>
              ${scored.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
            </select></label>
          ${act
            ? html`<lms-chart type="bar" caption=${`Score distribution: ${act.name}`} summary=${`Mean score ${num(act.meanScore)}; ${bins.reduce((n, b) => n + b.count, 0)} scores.`}
                .labels=${bins.map((b) => `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`)} .series=${[{ label: 'Learners’ scores', data: bins.map((b) => b.count) }]} xLabel="Scaled score" yLabel="Count"></lms-chart>`
            : html`<p class="muted">No scored activity with 5 or more learners yet.</p>`}
        </div>
      </div>
      <div class="card">
        <lms-data-table caption="Activities" filename="activities.csv" .rows=${d.activities as unknown as Array<Record<string, unknown>>}
          .columns=${[
            { key: 'name', label: 'Activity' },
            { key: 'learners', label: 'Learners', numeric: true },
            { key: 'attempts', label: 'Attempts', numeric: true, format: (v: unknown, r: Record<string, unknown>) => (r.suppressed ? SUPPRESSED_TEXT : String(v ?? 0)) },
            { key: 'completions', label: 'Completions', numeric: true },
            { key: 'meanScore', label: 'Mean score', numeric: true, format: (v: unknown) => num(v as number) },
            { key: 'timeSpentHours', label: 'Hours spent', numeric: true },
            { key: 'meanMinutesPerLearner', label: 'Minutes per learner', numeric: true },
          ]}></lms-data-table>
      </div>
      <div class="card">
        <lms-data-table caption="Most-failed questions" filename="most-failed-questions.csv" empty="No failed answers (questions with fewer than 5 learners are not listed)." .rows=${d.mostFailed}
          .columns=${[
            { key: 'description', label: 'Question' },
            { key: 'failures', label: 'Wrong answers', numeric: true },
            { key: 'answers', label: 'Answers', numeric: true },
            { key: 'failureRate', label: 'Wrong', numeric: true, format: (v: unknown) => pct(v as number) },
            { key: 'learners', label: 'Learners', numeric: true },
          ]}></lms-data-table>
      </div>
      <div class="card">
        <lms-data-table caption="Learning paths" filename="paths.csv" empty="No learning paths yet." .rows=${d.paths}
          .columns=${[
            { key: 'title', label: 'Path' },
            { key: 'enrolled', label: 'Enrolled', numeric: true, format: (v: unknown, r: Record<string, unknown>) => (r.suppressed ? SUPPRESSED_TEXT : String(v)) },
            { key: 'completed', label: 'Completed', numeric: true },
            { key: 'completionPct', label: 'Completion', numeric: true, format: (v: unknown) => pct(v as number) },
          ]}></lms-data-table>
        <p class="muted">${d.competencies.note}</p>
      </div>
    `;
  }
}

customElements.define('lms-report-learning', LmsReportLearning);
