/**
 * <lms-team-competencies>: a manager rates the competencies of their direct reports (HR
 * and admins anyone), seeing each person's current level, what their role needs, and the
 * evidence so far.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api, type SessionUser } from './api.js';
import { formatDate, learningStyles } from './learning-styles.js';
import type { Framework, PersonCompetencies } from './learning-types.js';
import { controlStyles } from './theme.js';
import { StackedTableLabels, stackedTableStyles } from './stacked-table.js';

export class LmsTeamCompetencies extends LitElement {
  static override properties = {
    api: { attribute: false },
    user: { attribute: false },
    people: { state: true },
    selected: { state: true },
    data: { state: true },
    frameworks: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [stackedTableStyles, controlStyles, learningStyles];

  declare api: Api;
  declare user: SessionUser;
  declare private people: Array<{ id: string; name: string; jobRole?: string; jobLevel?: string }>;
  declare private selected: string;
  declare private data: PersonCompetencies | null;
  declare private frameworks: Framework[];
  declare private error: string | null;
  declare private notice: string | null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.people = [];
    this.selected = '';
    this.data = null;
    this.frameworks = [];
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void (async () => {
      try {
        // Managers get their direct reports from this list; HR and admins everyone.
        const [people, frameworks] = await Promise.all([
          this.api.request<{ items: LmsTeamCompetencies['people'] }>('GET', '/api/users?limit=500&active=true'),
          this.api.request<{ items: Framework[] }>('GET', '/api/competency-frameworks'),
        ]);
        this.people = people.items.filter((p) => p.id !== this.user.id);
        this.frameworks = frameworks.items;
      } catch (error) {
        this.error = error instanceof ApiError ? error.message : 'Could not load your team.';
      }
    })();
  }

  override render() {
    return html`
      <h1>Team competencies</h1>
      <div class="card">
        <label class="field"
          >Person
          <select @change=${(e: Event) => this.#choose((e.target as HTMLSelectElement).value)}>
            <option value="">Choose a person…</option>
            ${this.people.map((p) => html`<option value=${p.id} ?selected=${p.id === this.selected}>${p.name}${p.jobRole ? ` · ${p.jobRole}` : ''}</option>`)}
          </select>
        </label>
        ${this.people.length ? nothing : html`<p class="muted">Nobody reports to you.</p>`}
      </div>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.data ? this.#renderPerson(this.data) : nothing}
    `;
  }

  #renderPerson(d: PersonCompetencies) {
    return html`<section class="card" aria-labelledby="person-h">
      <h2 id="person-h">${d.person.name}${d.person.jobRole ? html` <span class="muted">· ${d.person.jobRole} ${d.person.jobLevel ?? ''}</span>` : nothing}</h2>
      <table class="stack" aria-labelledby="person-h">
        <thead><tr><th scope="col">Competency</th><th scope="col">Current</th><th scope="col">Needed</th><th scope="col">Evidence</th><th scope="col">Your rating</th></tr></thead>
        <tbody>
          ${d.competencies.map((c) => {
            const levels = this.frameworks.find((f) => f.id === c.frameworkId)?.levels ?? [];
            return html`<tr>
              <th scope="row">${c.name}</th>
              <td>${c.levelName ?? html`<span class="muted">No evidence</span>`}</td>
              <td>${c.requiredName ?? '—'} ${c.gap > 0 ? html`<span class="badge overdue">${c.gap} below</span>` : nothing}</td>
              <td>${c.evidence.length ? html`<ul class="plain">${c.evidence.slice(0, 3).map((e) => html`<li>${formatDate(e.at)}: ${e.detail}${e.counts ? '' : ' (superseded)'}</li>`)}</ul>` : '—'}</td>
              <td>
                <form class="row" @submit=${(e: SubmitEvent) => this.#rate(e, c.competencyId)}>
                  <label class="field"
                    >Level for ${c.name}
                    <select name="level">
                      ${levels.map((l) => html`<option value=${l.level} ?selected=${l.level === c.level}>${l.name}</option>`)}
                    </select>
                  </label>
                  <label class="field">Note <input name="note" /></label>
                  <button type="submit" class="secondary small">Save rating</button>
                </form>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </section>`;
  }

  async #choose(id: string): Promise<void> {
    this.selected = id;
    this.data = null;
    this.error = null;
    this.notice = null;
    if (!id) return;
    try {
      this.data = await this.api.request<PersonCompetencies>('GET', `/api/users/${id}/competencies`);
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'Could not load their competencies.';
    }
  }

  async #rate(e: SubmitEvent, competencyId: string): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const note = String(form.get('note') ?? '').trim();
    try {
      await this.api.request('POST', `/api/users/${this.selected}/competency-ratings`, { competencyId, level: Number(form.get('level')), ...(note ? { note } : {}) });
      this.notice = 'Rating saved.';
      await this.#choose(this.selected);
      this.notice = 'Rating saved.';
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'Could not save the rating.';
    }
  }
}

customElements.define('lms-team-competencies', LmsTeamCompetencies);

declare global {
  interface HTMLElementTagNameMap {
    'lms-team-competencies': LmsTeamCompetencies;
  }
}
