/**
 * <lms-my-team>: a manager sees the compliance of everyone below them (or only direct
 * reports): counts by status, then each requirement, most urgent first, overdue highlighted;
 * under each status, where its completion came from and any completion that did not count.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { LiveRefresh } from '../live-refresh.js';
import { formatDate, hrStyles, STATUS_LABELS } from './hr-styles.js';
import { completionNote, completionNoteStyles, type CompletionFacts } from './completion-source.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

interface TeamStatus extends CompletionFacts {
  id: string;
  personId: string;
  personName?: string;
  title: string;
  status: string;
  dueAt?: string;
  completedAt?: string;
  expiresAt?: string;
  jobRole?: string;
}

interface TeamAnswer {
  items: TeamStatus[];
  total: number;
  people: number;
  counts: Record<string, number>;
}

export class LmsMyTeam extends LitElement {
  static override properties = { api: { attribute: false }, team: { state: true }, scope: { state: true }, status: { state: true }, error: { state: true } };
  static override styles = [
    stackedTableStyles,
    controlStyles,
    hrStyles,
    completionNoteStyles,
  ];

  declare api: Api;
  declare private team: TeamAnswer | null;
  declare private scope: 'direct' | 'chain';
  declare private status: string;
  declare private error: string | null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.team = null;
    this.scope = 'chain';
    this.status = '';
    this.error = null;
  }

  /** Statuses move within seconds of a statement landing: reload while shown. */
  readonly #live = new LiveRefresh(this, () => this.#load());

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    const q = new URLSearchParams({ scope: this.scope, limit: '1000' });
    if (this.status) q.set('status', this.status);
    try {
      this.team = await this.api.request<TeamAnswer>('GET', `/api/compliance/team?${q}`);
      this.error = null;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    }
  }

  override render() {
    const t = this.team;
    return html`
      <h2 id="team-title">My team</h2>
      <div class="row">
        <label>Show
          <select @change=${(e: Event) => ((this.scope = (e.target as HTMLSelectElement).value as 'direct' | 'chain'), this.#load())}>
            <option value="chain">Everyone below me</option>
            <option value="direct">My direct reports</option>
          </select></label>
        <label>Status
          <select @change=${(e: Event) => ((this.status = (e.target as HTMLSelectElement).value), this.#load())}>
            <option value="">Any</option>
            ${Object.entries(STATUS_LABELS).map(([k, v]) => html`<option value=${k}>${v}</option>`)}
          </select></label>
      </div>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${t
        ? html`
            <p role="status">${t.people} people, ${t.total} requirements.</p>
            <ul class="summary" aria-label="Requirements by status">
              ${Object.entries(STATUS_LABELS).map(([k, v]) => html`<li><span class="badge ${k}">${v}: ${t.counts[k] ?? 0}</span></li>`)}
            </ul>
            ${t.items.length
              ? html`<div class="table-wrap"><table class="stack" aria-labelledby="team-title">
                  <thead><tr><th scope="col">Person</th><th scope="col">Requirement</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Completed</th><th scope="col">Expires</th></tr></thead>
                  <tbody>
                    ${t.items.map(
                      (s) => html`<tr class=${s.status === 'overdue' || s.status === 'expired' ? 'urgent' : ''}>
                        <td>${s.personName ?? s.personId}</td><td>${s.title}</td>
                        <td><div><span class="badge ${s.status}">${STATUS_LABELS[s.status] ?? s.status}</span>${completionNote(s)}</div></td>
                        <td>${formatDate(s.dueAt)}</td><td>${formatDate(s.completedAt)}</td><td>${formatDate(s.expiresAt)}</td>
                      </tr>`,
                    )}
                  </tbody>
                </table></div>`
              : html`<p class="muted">Nothing to show.</p>`}
          `
        : nothing}
    `;
  }
}

customElements.define('lms-my-team', LmsMyTeam);
