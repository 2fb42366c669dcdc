/**
 * <lms-organisation>: HR's managed lists of departments, locations and job roles (with
 * levels). Values come from imports and from here; a rename carries through to every
 * person and rule that names the value; a value still in use cannot be deleted (the
 * server says what uses it).
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { hrStyles } from './hr-styles.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

type Kind = 'departments' | 'locations' | 'jobRoles';

interface Entry {
  name: string;
  levels?: string[];
  people: number;
  managed: boolean;
}

const SECTIONS: Array<{ kind: Kind; title: string; one: string }> = [
  { kind: 'departments', title: 'Departments', one: 'department' },
  { kind: 'locations', title: 'Locations', one: 'location' },
  { kind: 'jobRoles', title: 'Job roles', one: 'job role' },
];

export class LmsOrganisation extends LitElement {
  static override properties = { api: { attribute: false }, lists: { state: true }, renaming: { state: true }, error: { state: true }, notice: { state: true } };
  static override styles = [stackedTableStyles, controlStyles, hrStyles];

  declare api: Api;
  declare private lists: Record<Kind, Entry[]> | null;
  /** The value whose rename form is open. */
  declare private renaming: { kind: Kind; name: string } | null;
  declare private error: string | null;
  declare private notice: string | null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.lists = null;
    this.renaming = null;
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.lists = await this.api.request<Record<Kind, Entry[]>>('GET', '/api/org');
    } catch (err) {
      this.#fail(err);
    }
  }

  override render() {
    return html`
      <h2>Organisation</h2>
      <p class="muted">The departments, locations and job roles people and rules choose from. Imports add the values they bring; renaming one changes it for every person and rule.</p>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.lists ? SECTIONS.map((s) => this.#section(s)) : html`<p class="muted">Loading…</p>`}
    `;
  }

  #section({ kind, title, one }: (typeof SECTIONS)[number]) {
    const entries = this.lists![kind];
    const id = `org-${kind}`;
    return html`<section aria-labelledby=${id}>
      <h2 id=${id}>${title}</h2>
      ${entries.length
        ? html`<div class="table-wrap"><table class="stack" aria-labelledby=${id}>
            <thead><tr><th scope="col">Name</th>${kind === 'jobRoles' ? html`<th scope="col">Levels</th>` : nothing}<th scope="col">People</th><th scope="col"><span class="muted">Actions</span></th></tr></thead>
            <tbody>${entries.map((e) => this.#row(kind, one, e))}</tbody>
          </table></div>`
        : html`<p class="muted">None yet.</p>`}
      <form class="row" @submit=${(ev: Event) => this.#add(ev, kind, one)}>
        <label>New ${one} <input name="name" required maxlength="200" /></label>
        ${kind === 'jobRoles' ? html`<label>Levels, lowest first (optional, comma separated) <input name="levels" /></label>` : nothing}
        <button class="primary" type="submit">Add ${one}</button>
      </form>
    </section>`;
  }

  #row(kind: Kind, one: string, e: Entry) {
    const open = this.renaming?.kind === kind && this.renaming.name === e.name;
    return html`<tr>
      <td>
        ${open
          ? html`<form class="row" @submit=${(ev: Event) => this.#rename(ev, kind, e.name)}>
              <label>New name for ${e.name} <input name="to" required maxlength="200" .value=${e.name} /></label>
              <button class="primary" type="submit">Save</button>
              <button class="secondary" type="button" @click=${() => (this.renaming = null)}>Cancel</button>
            </form>`
          : e.name}
      </td>
      ${kind === 'jobRoles' ? html`<td>${e.levels?.length ? e.levels.join(', ') : '—'}</td>` : nothing}
      <td>${e.people}</td>
      <td>
        ${open ? nothing : html`<button class="secondary" type="button" aria-label=${`Rename ${one} ${e.name}`} @click=${() => (this.renaming = { kind, name: e.name })}>Rename</button>`}
        <button class="secondary" type="button" aria-label=${`Delete ${one} ${e.name}`} @click=${() => this.#remove(kind, one, e.name)}>Delete</button>
      </td>
    </tr>`;
  }

  async #add(ev: Event, kind: Kind, one: string) {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const data = new FormData(form);
    const body: { name: string; levels?: string[] } = { name: String(data.get('name')).trim() };
    const levels = String(data.get('levels') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (levels.length) body.levels = levels;
    try {
      await this.api.request('POST', `/api/org/${kind}`, body);
      form.reset();
      this.#done(`Added the ${one} “${body.name}”.`);
    } catch (err) {
      this.#fail(err);
    }
  }

  async #rename(ev: Event, kind: Kind, from: string) {
    ev.preventDefault();
    const to = String(new FormData(ev.target as HTMLFormElement).get('to')).trim();
    try {
      const r = await this.api.request<{ people: number; rules: number }>('POST', `/api/org/${kind}/rename`, { from, to });
      this.renaming = null;
      this.#done(`Renamed “${from}” to “${to}”: ${r.people} ${r.people === 1 ? 'person' : 'people'} and ${r.rules} ${r.rules === 1 ? 'rule' : 'rules'} updated.`);
    } catch (err) {
      this.#fail(err);
    }
  }

  async #remove(kind: Kind, one: string, name: string) {
    if (!confirm(`Delete the ${one} “${name}”?`)) return;
    try {
      await this.api.request('DELETE', `/api/org/${kind}/${encodeURIComponent(name)}`);
      this.#done(`Deleted the ${one} “${name}”.`);
    } catch (err) {
      this.#fail(err);
    }
  }

  #done(message: string) {
    this.error = null;
    this.notice = message;
    void this.#load();
  }

  #fail(err: unknown) {
    this.notice = null;
    this.error = err instanceof ApiError ? err.message : String(err);
  }
}

customElements.define('lms-organisation', LmsOrganisation);
