/**
 * <lms-people>: the people directory for HR. Search by name, email or employee id; filter
 * by department, location, role, manager and sign-in status; pages come from the server
 * (sorted by name). Select people for a bulk action: invite, set manager, deactivate,
 * reactivate.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { viewHref } from '../hash-route.js';
import { roleLabel } from '../role-labels.js';
import { color, controlStyles } from '../theme.js';
import { hrStyles } from './hr-styles.js';
import { SIGN_IN_LABELS, STATUS_FILTER_LABELS, type DirectoryPerson } from './person-labels.js';
import './lms-person-picker.js';

const PAGE_SIZE = 50;
const ROLES = ['employee', 'manager', 'hr', 'author', 'admin'];

interface Filters {
  q: string;
  department: string;
  location: string;
  role: string;
  status: string;
  managerId: string;
  managerName: string;
  kind: 'people' | 'accounts' | 'all';
}

const EMPTY: Filters = { q: '', department: '', location: '', role: '', status: '', managerId: '', managerName: '', kind: 'people' };

export class LmsPeople extends LitElement {
  static override properties = {
    api: { attribute: false },
    filters: { state: true },
    offset: { state: true },
    items: { state: true },
    total: { state: true },
    selected: { state: true },
    org: { state: true },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
    bulkManager: { state: true },
  };
  static override styles = [
    controlStyles,
    hrStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: 0.75rem;
        margin-bottom: 1rem;
      }
      .head a.button {
        display: inline-flex;
        align-items: center;
        min-height: 2.75rem;
        padding: 0.5rem 1.25rem;
        border-radius: 0.375rem;
        background: ${color.accent};
        color: #fff;
        font-weight: 600;
        text-decoration: none;
      }
      .filters .row > label,
      .filters .row > lms-person-picker {
        flex: 1 1 11rem;
      }
      .bulk {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: end;
        padding: 0.75rem;
        margin-bottom: 1rem;
        border: 1px solid ${color.accent};
        border-radius: 0.375rem;
        background: #eef2ff;
      }
      .bulk lms-person-picker {
        flex: 1 1 14rem;
      }
      .pager {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      td.pick,
      th.pick {
        width: 2.75rem;
      }
      td.pick input,
      th.pick input {
        width: 1.25rem;
        height: 1.25rem;
        margin: 0;
      }
      button.danger {
        background: ${color.surface};
        color: ${color.danger};
        border-color: ${color.danger};
      }
      .badge.deactivated {
        color: ${color.danger};
        background: ${color.dangerBg};
      }
      .badge.signed-in {
        color: #106b3a;
        background: #ecfdf3;
      }
      .badge.invited {
        color: ${color.accent};
        background: #eef2ff;
      }
      /* At phone width each person is a block: name and status first, the rest beneath. */
      @media (max-width: 40rem) {
        table.people thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
        table.people,
        table.people tbody,
        table.people tr,
        table.people td {
          display: block;
        }
        table.people tr {
          position: relative;
          padding: 0.5rem 0 0.5rem 2.75rem;
          border-bottom: 1px solid ${color.border};
        }
        table.people td {
          border: 0;
          padding: 0.125rem 0;
        }
        table.people caption {
          display: block;
        }
        table.people td.pick {
          position: absolute;
          left: 0.25rem;
          top: 0.625rem;
        }
        table.people td[data-label]:not(:empty)::before {
          content: attr(data-label) ': ';
          color: ${color.muted};
        }
      }
    `,
  ];

  declare api: Api;
  declare private filters: Filters;
  declare private offset: number;
  declare private items: DirectoryPerson[];
  declare private total: number;
  declare private selected: Map<string, string>;
  declare private org: { departments: string[]; locations: string[] };
  declare private busy: boolean;
  declare private error: string | null;
  declare private notice: string | null;
  declare private bulkManager: { id: string; name: string } | null;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #requestSeq = 0;

  constructor() {
    super();
    this.filters = { ...EMPTY };
    this.offset = 0;
    this.items = [];
    this.total = 0;
    this.selected = new Map();
    this.org = { departments: [], locations: [] };
    this.busy = false;
    this.error = null;
    this.notice = null;
    this.bulkManager = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api
      .request<{ departments: Array<{ name: string }>; locations: Array<{ name: string }> }>('GET', '/api/org')
      .then((o) => (this.org = { departments: o.departments.map((d) => d.name), locations: o.locations.map((l) => l.name) }))
      .catch(() => {});
    void this.#load();
  }

  async #load(): Promise<void> {
    const seq = ++this.#requestSeq;
    const f = this.filters;
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(this.offset), kind: f.kind });
    for (const k of ['q', 'department', 'location', 'role', 'status', 'managerId'] as const) if (f[k]) params.set(k, f[k]);
    try {
      const r = await this.api.request<{ items: DirectoryPerson[]; total: number }>('GET', `/api/users?${params}`);
      if (seq !== this.#requestSeq) return; // a newer search has been asked for
      this.items = r.items;
      this.total = r.total;
      this.error = null;
    } catch (err) {
      if (seq === this.#requestSeq) this.error = err instanceof ApiError ? err.message : String(err);
    }
  }

  #set(patch: Partial<Filters>): void {
    this.filters = { ...this.filters, ...patch };
    this.offset = 0;
    void this.#load();
  }

  #search(e: Event): void {
    const q = (e.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    // Search as one types, after a short pause.
    this.#searchTimer = setTimeout(() => this.#set({ q: q.trim() }), 250);
  }

  override render() {
    const f = this.filters;
    const from = this.total ? this.offset + 1 : 0;
    const to = Math.min(this.offset + this.items.length, this.total);
    return html`
      <div class="head">
        <h2>People</h2>
        <a class="button" href=${viewHref('person', 'new')}>Add a person</a>
      </div>
      <form class="filters" role="search" aria-label="Find people" @submit=${(e: Event) => e.preventDefault()}>
        <div class="row">
          <label>Search <input type="search" name="q" placeholder="Name, email or employee ID" .value=${f.q} @input=${this.#search} /></label>
          <label
            >Department
            <select name="department" @change=${(e: Event) => this.#set({ department: (e.target as HTMLSelectElement).value })}>
              <option value="">All departments</option>
              ${this.org.departments.map((d) => html`<option ?selected=${f.department === d}>${d}</option>`)}
            </select></label
          >
          <label
            >Location
            <select name="location" @change=${(e: Event) => this.#set({ location: (e.target as HTMLSelectElement).value })}>
              <option value="">All locations</option>
              ${this.org.locations.map((l) => html`<option ?selected=${f.location === l}>${l}</option>`)}
            </select></label
          >
        </div>
        <div class="row">
          <label
            >Role
            <select name="role" @change=${(e: Event) => this.#set({ role: (e.target as HTMLSelectElement).value })}>
              <option value="">Any role</option>
              ${ROLES.map((r) => html`<option value=${r} ?selected=${f.role === r}>${roleLabel(r)}</option>`)}
            </select></label
          >
          <label
            >Status
            <select name="status" @change=${(e: Event) => this.#set({ status: (e.target as HTMLSelectElement).value })}>
              ${STATUS_FILTER_LABELS.map(([v, l]) => html`<option value=${v} ?selected=${f.status === v}>${l}</option>`)}
            </select></label
          >
          <lms-person-picker
            .api=${this.api}
            label="Reports to"
            .value=${f.managerName}
            @pick=${(e: CustomEvent<{ id: string; name: string }>) => this.#set({ managerId: e.detail.id, managerName: e.detail.name })}
          ></lms-person-picker>
          <label
            >Accounts
            <select name="kind" @change=${(e: Event) => this.#set({ kind: (e.target as HTMLSelectElement).value as Filters['kind'] })}>
              <option value="people" ?selected=${f.kind === 'people'}>People (learners)</option>
              <option value="accounts" ?selected=${f.kind === 'accounts'}>Other accounts (not learners)</option>
              <option value="all" ?selected=${f.kind === 'all'}>All accounts</option>
            </select></label
          >
        </div>
      </form>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.selected.size ? this.#bulkBar() : nothing}
      <p class="muted" aria-live="polite">${this.total ? `Showing ${from}–${to} of ${this.total} people` : 'No one matches these filters.'}</p>
      ${this.items.length ? this.#table() : nothing}
      ${this.total > PAGE_SIZE ? this.#pager() : nothing}
    `;
  }

  #table() {
    const allOnPage = this.items.every((p) => this.selected.has(p.id));
    return html`<div class="table-wrap">
      <table class="people">
        <caption class="muted">People, sorted by name</caption>
        <thead>
          <tr>
            <th class="pick" scope="col"><input type="checkbox" aria-label="Select everyone on this page" .checked=${allOnPage} @change=${this.#toggleAll} /></th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Department</th>
            <th scope="col">Location</th>
            <th scope="col">Job role</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          ${this.items.map(
            (p) => html`<tr>
              <td class="pick"><input type="checkbox" aria-label=${`Select ${p.name}`} .checked=${this.selected.has(p.id)} @change=${(e: Event) => this.#toggle(p, (e.target as HTMLInputElement).checked)} /></td>
              <td><a href=${viewHref('person', p.id)}>${p.name}</a>${p.employeeId ? html` <span class="muted">· ${p.employeeId}</span>` : nothing}</td>
              <td data-label="Email">${p.email}</td>
              <td data-label="Department">${p.department ?? ''}</td>
              <td data-label="Location">${p.location ?? ''}</td>
              <td data-label="Job role">${p.jobRole ?? ''}</td>
              <td><span class="badge ${p.signInState}">${SIGN_IN_LABELS[p.signInState] ?? p.signInState}</span></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #pager() {
    const last = this.offset + PAGE_SIZE >= this.total;
    return html`<nav class="pager" aria-label="Pages">
      <button class="secondary" type="button" ?disabled=${this.offset === 0} @click=${() => this.#page(-1)}>Previous page</button>
      <span>Page ${Math.floor(this.offset / PAGE_SIZE) + 1} of ${Math.ceil(this.total / PAGE_SIZE)}</span>
      <button class="secondary" type="button" ?disabled=${last} @click=${() => this.#page(1)}>Next page</button>
    </nav>`;
  }

  #page(step: number): void {
    this.offset = Math.max(0, this.offset + step * PAGE_SIZE);
    void this.#load();
  }

  #toggle(p: DirectoryPerson, on: boolean): void {
    const next = new Map(this.selected);
    if (on) next.set(p.id, p.name);
    else next.delete(p.id);
    this.selected = next;
  }

  #toggleAll(e: Event): void {
    const on = (e.target as HTMLInputElement).checked;
    const next = new Map(this.selected);
    for (const p of this.items) on ? next.set(p.id, p.name) : next.delete(p.id);
    this.selected = next;
  }

  #bulkBar() {
    const n = this.selected.size;
    return html`<section class="bulk" aria-label="Selected people">
      <p><strong>${n} selected</strong> <button class="secondary" type="button" @click=${() => (this.selected = new Map())}>Clear selection</button></p>
      <button class="secondary" type="button" ?disabled=${this.busy} @click=${this.#invite}>Invite</button>
      <lms-person-picker .api=${this.api} label="New manager" .value=${this.bulkManager?.name ?? ''} @pick=${(e: CustomEvent<{ id: string; name: string }>) => (this.bulkManager = e.detail.id ? e.detail : null)}></lms-person-picker>
      <button class="secondary" type="button" ?disabled=${this.busy || !this.bulkManager} @click=${() => this.#bulk({ action: 'set-manager', managerId: this.bulkManager!.id }, `now report to ${this.bulkManager!.name}`)}>Set manager</button>
      <button class="secondary" type="button" ?disabled=${this.busy} @click=${() => this.#bulk({ action: 'reactivate' }, 'reactivated')}>Reactivate</button>
      <button class="danger" type="button" ?disabled=${this.busy} @click=${this.#deactivate}>Deactivate</button>
    </section>`;
  }

  #deactivate(): void {
    const n = this.selected.size;
    // Signs them out everywhere at once: worth a second look.
    if (!confirm(`Deactivate ${n} ${n === 1 ? 'person' : 'people'}? They are signed out at once and cannot sign in until reactivated. Their records are kept.`)) return;
    void this.#bulk({ action: 'deactivate' }, 'deactivated and signed out');
  }

  async #bulk(body: Record<string, unknown>, done: string): Promise<void> {
    const ids = [...this.selected.keys()];
    await this.#run(async () => {
      const r = await this.api.request<{ updated: number }>('POST', '/api/users/bulk', { ...body, ids });
      this.notice = `${r.updated} ${r.updated === 1 ? 'person' : 'people'} ${done}.`;
      this.selected = new Map();
      this.bulkManager = null;
    });
  }

  async #invite(): Promise<void> {
    const ids = [...this.selected.keys()];
    await this.#run(async () => {
      await this.api.request('POST', '/api/users/invitations', { ids });
      this.notice = `Invitations sent to ${ids.length} ${ids.length === 1 ? 'person' : 'people'}.`;
      this.selected = new Map();
    });
  }

  async #run(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await fn();
      await this.#load();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-people', LmsPeople);
