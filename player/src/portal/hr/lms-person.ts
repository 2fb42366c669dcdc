/**
 * <lms-person>: one person for HR. Their org fields, roles (given and from the org), the
 * managers above them, direct reports, assignments with compliance statuses and sign-in
 * state; edit them, invite, deactivate or reactivate. `personId` 'new' shows the form to
 * add someone.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { viewHref } from '../hash-route.js';
import { roleLabel } from '../role-labels.js';
import { color, controlStyles } from '../theme.js';
import { formatDate, hrStyles, STATUS_LABELS } from './hr-styles.js';
import { SIGN_IN_LABELS, type DirectoryPerson } from './person-labels.js';
import './lms-person-picker.js';
import './lms-unit-waivers.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

interface PersonRef {
  id: string;
  name: string;
  jobRole?: string;
  active: boolean;
}

interface Profile {
  person: DirectoryPerson;
  managerChain: PersonRef[];
  directReports: PersonRef[];
  directReportsTotal: number;
  assignments: Array<{ id: string; title: string; status: string; dueAt?: string; completedAt?: string; expiresAt?: string }>;
}

const ROLES = ['employee', 'hr', 'author', 'admin', 'manager'];
const TEXT_FIELDS: Array<[keyof DirectoryPerson, string, string]> = [
  ['name', 'Name', 'text'],
  ['email', 'Email', 'email'],
  ['employeeId', 'Employee ID', 'text'],
  ['department', 'Department', 'text'],
  ['location', 'Location', 'text'],
  ['jobRole', 'Job role', 'text'],
  ['jobLevel', 'Job level', 'text'],
  ['hireDate', 'Hire date', 'date'],
];

type Draft = Record<string, unknown> & { roles: string[]; managerId?: string | null; managerName?: string };

interface OrgEntry {
  name: string;
  levels?: string[];
}
type OrgLists = Record<'departments' | 'locations' | 'jobRoles', OrgEntry[]>;

/** Fields picked from the managed org lists (server/org); a value typed that is not there joins the list on save. */
const ORG_PICKED: Record<string, keyof OrgLists> = { department: 'departments', location: 'locations', jobRole: 'jobRoles' };

export class LmsPerson extends LitElement {
  static override properties = {
    api: { attribute: false },
    personId: {},
    profile: { state: true },
    editing: { state: true },
    draft: { state: true },
    busy: { state: true },
    error: { state: true },
    errorField: { state: true },
    notice: { state: true },
    orgLists: { state: true },
  };
  static override styles = [
    stackedTableStyles,
    controlStyles,
    hrStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin-bottom: 1rem;
      }
      .head h2 {
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-bottom: 1rem;
      }
      dl.facts {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.375rem 1rem;
        margin: 0 0 1rem;
      }
      dl.facts dt {
        color: ${color.muted};
      }
      dl.facts dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      @media (max-width: 30rem) {
        dl.facts {
          grid-template-columns: 1fr;
        }
        dl.facts dd {
          margin-bottom: 0.375rem;
        }
      }
      ol.chain {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.5rem;
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ol.chain li + li::before {
        content: '›';
        color: ${color.muted};
        margin-right: 0.5rem;
      }
      .form .row > .field,
      .form .row > lms-person-picker {
        flex: 1 1 14rem;
      }
      .form .row > .field {
        display: grid;
        gap: 0.25rem;
        align-content: start;
      }
      fieldset > label:not(.choice) {
        margin: 0.75rem 0;
      }
      .badge.deactivated {
        color: ${color.danger};
        background: ${color.dangerBg};
      }
      .badge.signed-in {
        color: #106b3a;
        background: #ecfdf3;
      }
    `,
  ];

  declare api: Api;
  declare personId: string;
  declare private profile: Profile | null;
  declare private editing: boolean;
  declare private draft: Draft;
  declare private busy: boolean;
  declare private error: string | null;
  declare private errorField: string | null;
  declare private notice: string | null;
  declare private orgLists: OrgLists | null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.personId = '';
    this.profile = null;
    this.editing = false;
    this.draft = { roles: ['employee'] };
    this.busy = false;
    this.error = null;
    this.errorField = null;
    this.notice = null;
    this.orgLists = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.personId === 'new') {
      this.editing = true;
      this.draft = { roles: ['employee'], isPerson: true, managerRole: 'auto' };
      void this.#loadOrgLists();
    } else void this.#load();
  }

  /** The managed lists the form's pickers search; without them the fields still take typed text. */
  async #loadOrgLists(): Promise<void> {
    try {
      this.orgLists = await this.api.request<OrgLists>('GET', '/api/org');
    } catch {
      this.orgLists = null;
    }
  }

  async #load(): Promise<void> {
    try {
      this.profile = await this.api.request<Profile>('GET', `/api/users/${encodeURIComponent(this.personId)}/profile`);
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    }
  }

  override render() {
    const messages = html`<div role="alert">${this.error ? html`<p class="error" id="form-error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>`;
    if (this.personId === 'new') {
      return html`<p><a href=${viewHref('people')}>← People</a></p>
        <h2>Add a person</h2>
        ${messages}${this.#form()}`;
    }
    const p = this.profile;
    if (!p) return html`<p><a href=${viewHref('people')}>← People</a></p>${messages}${this.error ? nothing : html`<p role="status">Loading…</p>`}`;
    const u = p.person;
    return html`
      <p><a href=${viewHref('people')}>← People</a></p>
      <div class="head">
        <h2>${u.name}</h2>
        <span class="badge ${u.signInState}">${SIGN_IN_LABELS[u.signInState] ?? u.signInState}</span>
        ${u.isPerson ? nothing : html`<span class="badge">Not a learner</span>`}
      </div>
      ${messages}
      ${this.editing
        ? this.#form()
        : html`<div class="actions">
              <button class="primary" type="button" @click=${this.#startEdit}>Edit</button>
              ${u.active
                ? html`<button class="secondary" type="button" ?disabled=${this.busy} @click=${this.#invite}>Invite</button>
                    <button class="secondary" type="button" ?disabled=${this.busy} @click=${this.#deactivate}>Deactivate</button>`
                : html`<button class="secondary" type="button" ?disabled=${this.busy} @click=${() => this.#act('reactivate', `${u.name} can sign in again.`)}>Reactivate</button>`}
            </div>
            ${this.#facts(p)}`}
      ${this.#org(p)} ${this.#assignments(p)}
      <h2 id="waivers-h">Course unit waivers (cmi5)</h2>
      <lms-unit-waivers .api=${this.api} .person=${{ id: u.id, name: u.name }}></lms-unit-waivers>
    `;
  }

  #facts(p: Profile) {
    const u = p.person;
    const derived = u.roles.filter((r) => !u.assignedRoles.includes(r));
    const signIn =
      u.signInState === 'deactivated'
        ? `Deactivated${u.deactivatedAt ? ` on ${formatDate(u.deactivatedAt)}` : ''}`
        : u.lastSignInAt
          ? `Last signed in ${formatDate(u.lastSignInAt)}`
          : u.invitedAt
            ? `Invited ${formatDate(u.invitedAt)}, not signed in yet`
            : 'Never signed in';
    return html`<dl class="facts" aria-label="Details">
      <dt>Email</dt><dd>${u.email}</dd>
      <dt>Employee ID</dt><dd>${u.employeeId ?? '—'}</dd>
      <dt>Department</dt><dd>${u.department ?? '—'}</dd>
      <dt>Location</dt><dd>${u.location ?? '—'}</dd>
      <dt>Job role</dt><dd>${u.jobRole ?? '—'}${u.jobLevel ? ` (${u.jobLevel})` : ''}</dd>
      <dt>Hire date</dt><dd>${formatDate(u.hireDate)}</dd>
      <dt>Roles</dt>
      <dd>
        ${u.assignedRoles.map(roleLabel).join(', ')}${derived.length ? html`; ${derived.map(roleLabel).join(', ')} <span class="muted">(has direct reports)</span>` : nothing}
        ${u.managerRole === 'never' ? html`<span class="muted"> · no manager view from direct reports</span>` : nothing}
      </dd>
      <dt>Sign-in</dt><dd>${signIn}</dd>
    </dl>`;
  }

  #org(p: Profile) {
    return html`<h2>Reporting line</h2>
      ${p.managerChain.length
        ? html`<ol class="chain" aria-label="Managers, nearest first">${p.managerChain.map((m) => html`<li><a href=${viewHref('person', m.id)}>${m.name}</a></li>`)}</ol>`
        : html`<p class="muted">Reports to no one.</p>`}
      <h2>Direct reports</h2>
      ${p.directReports.length
        ? html`<ul>
              ${p.directReports.map((r) => html`<li><a href=${viewHref('person', r.id)}>${r.name}</a>${r.jobRole ? html` <span class="muted">· ${r.jobRole}</span>` : nothing}${r.active ? nothing : html` <span class="muted">(deactivated)</span>`}</li>`)}
            </ul>
            ${p.directReportsTotal > p.directReports.length ? html`<p class="muted">and ${p.directReportsTotal - p.directReports.length} more.</p>` : nothing}`
        : html`<p class="muted">No one reports to ${p.person.name}.</p>`}`;
  }

  #assignments(p: Profile) {
    return html`<h2>Assignments</h2>
      ${p.assignments.length
        ? html`<div class="table-wrap"><table class="stack">
            <caption class="muted">What ${p.person.name} is asked to complete, and where they stand</caption>
            <thead><tr><th scope="col">Requirement</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Completed</th></tr></thead>
            <tbody>${p.assignments.map(
              (a) => html`<tr><td>${a.title}</td><td><span class="badge ${a.status}">${STATUS_LABELS[a.status] ?? a.status}</span></td><td>${formatDate(a.dueAt)}</td><td>${formatDate(a.completedAt)}</td></tr>`,
            )}</tbody>
          </table></div>`
        : html`<p class="muted">${p.person.active ? 'Nothing assigned.' : 'Nothing assigned while deactivated.'}</p>`}`;
  }

  #startEdit(): void {
    const u = this.profile!.person;
    const chain = this.profile!.managerChain;
    this.draft = { ...u, roles: [...u.assignedRoles], managerId: u.managerId ?? null, managerName: chain[0]?.name ?? '' };
    this.editing = true;
    this.error = null;
    this.notice = null;
    void this.#loadOrgLists();
  }

  #field(key: string, label: string, type: string) {
    const invalid = this.errorField === key;
    const options = this.#options(key);
    const value = String(this.draft[key] ?? '').trim();
    // A picked field: the browser's suggestion list over the managed values, searched as HR types.
    const isNew = options !== null && value !== '' && !options.some((o) => o.toLowerCase() === value.toLowerCase());
    const describedBy = [invalid ? 'form-error' : '', isNew ? `new-${key}` : ''].filter(Boolean).join(' ');
    return html`<div class="field"><label
      >${label}
      <input
        name=${key}
        type=${type}
        .value=${String(this.draft[key] ?? '')}
        ?required=${key === 'name' || key === 'email'}
        list=${options !== null ? `list-${key}` : nothing}
        autocomplete=${options !== null ? 'off' : nothing}
        placeholder=${options !== null && options.length ? 'Type to search the list' : nothing}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => (this.draft = { ...this.draft, [key]: (e.target as HTMLInputElement).value })}
      />${options !== null ? html`<datalist id=${`list-${key}`}>${options.map((o) => html`<option value=${o}></option>`)}</datalist>` : nothing}</label
      >${isNew ? html`<small class="muted" id=${`new-${key}`}>Not on the list yet: saving adds “${value}” to it.</small>` : nothing}</div
    >`;
  }

  /** The values a picked field offers: its managed list, or the levels of the chosen job role; null for free fields. */
  #options(key: string): string[] | null {
    if (!this.orgLists) return null;
    const list = ORG_PICKED[key];
    if (list) return this.orgLists[list].map((e) => e.name);
    if (key === 'jobLevel') {
      const role = this.orgLists.jobRoles.find((r) => r.name === String(this.draft.jobRole ?? '').trim());
      return role?.levels?.length ? role.levels : null;
    }
    return null;
  }

  #form() {
    const d = this.draft;
    return html`<form class="form" @submit=${this.#save} aria-label=${this.personId === 'new' ? 'New person' : 'Edit person'}>
      <div class="row">${TEXT_FIELDS.slice(0, 3).map(([k, l, t]) => this.#field(k, l, t))}</div>
      <div class="row top">${TEXT_FIELDS.slice(3).map(([k, l, t]) => this.#field(k, l, t))}</div>
      <div class="row">
        <lms-person-picker
          .api=${this.api}
          label="Manager"
          .value=${d.managerName ?? ''}
          ?invalid=${this.errorField === 'managerId'}
          @pick=${(e: CustomEvent<{ id: string; name: string }>) => (this.draft = { ...this.draft, managerId: e.detail.id || null, managerName: e.detail.name })}
        ></lms-person-picker>
      </div>
      <fieldset>
        <legend>Roles</legend>
        ${ROLES.map(
          (r) => html`<label class="choice"
            ><input type="checkbox" name="roles" value=${r} .checked=${d.roles.includes(r)} @change=${(e: Event) => this.#toggleRole(r, (e.target as HTMLInputElement).checked)} />${roleLabel(r)}</label
          >`,
        )}
        <label
          >Manager view
          <select name="managerRole" @change=${(e: Event) => (this.draft = { ...this.draft, managerRole: (e.target as HTMLSelectElement).value })}>
            <option value="auto" ?selected=${d.managerRole !== 'never'}>When they have direct reports</option>
            <option value="never" ?selected=${d.managerRole === 'never'}>Never from direct reports</option>
          </select></label
        >
        <label class="choice"
          ><input type="checkbox" name="isPerson" .checked=${d.isPerson !== false} @change=${(e: Event) => (this.draft = { ...this.draft, isPerson: (e.target as HTMLInputElement).checked })} />A learner (counted in
          "everyone" rules and dashboards)</label
        >
      </fieldset>
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.personId === 'new' ? 'Add person' : 'Save changes'}</button>
        ${this.personId === 'new' ? nothing : html`<button class="secondary" type="button" @click=${() => ((this.editing = false), (this.error = null), (this.errorField = null))}>Cancel</button>`}
      </div>
    </form>`;
  }

  #toggleRole(role: string, on: boolean): void {
    const roles = on ? [...new Set([...this.draft.roles, role])] : this.draft.roles.filter((r) => r !== role);
    this.draft = { ...this.draft, roles };
  }

  /** What the server takes: trimmed text, blanks left out on create and cleared fields skipped on edit. */
  #body(): Record<string, unknown> {
    const creating = this.personId === 'new';
    const body: Record<string, unknown> = { isPerson: this.draft.isPerson !== false, managerRole: this.draft.managerRole ?? 'auto' };
    // Roles only when changed: granting or keeping admin is checked, and HR may edit an admin's other fields.
    const before = this.profile?.person.assignedRoles ?? [];
    const roles = this.draft.roles;
    if (creating || roles.length !== before.length || roles.some((r) => !before.includes(r))) body.roles = roles;
    for (const [k] of TEXT_FIELDS) {
      const v = String(this.draft[k] ?? '').trim();
      // A list value typed in another case is the list's value, not a new one.
      if (v) body[k] = this.#options(k)?.find((o) => o.toLowerCase() === v.toLowerCase()) ?? v;
    }
    if (this.draft.managerId) body.managerId = this.draft.managerId;
    else if (!creating) body.managerId = null;
    return body;
  }

  async #save(e: Event): Promise<void> {
    e.preventDefault();
    this.busy = true;
    this.error = null;
    this.errorField = null;
    try {
      if (this.personId === 'new') {
        const created = await this.api.request<DirectoryPerson>('POST', '/api/users', this.#body());
        location.hash = viewHref('person', created.id);
        return;
      }
      await this.api.request('PATCH', `/api/users/${encodeURIComponent(this.personId)}`, this.#body());
      // The saved profile is read before the form closes, so "Changes saved." never shows
      // beside the values from before the save.
      await this.#load();
      this.editing = false;
      this.notice = 'Changes saved.';
    } catch (err) {
      // The message already names the field by its label (api.ts, field-labels.ts).
      this.error = err instanceof ApiError ? err.message : String(err);
      this.errorField = err instanceof ApiError ? (err.field ?? null) : null;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`[name="${this.errorField}"]`)?.focus();
    } finally {
      this.busy = false;
    }
  }

  #deactivate(): void {
    const name = this.profile!.person.name;
    if (!confirm(`Deactivate ${name}? They are signed out at once and cannot sign in until reactivated. Their records are kept.`)) return;
    void this.#act('deactivate', `${name} is deactivated and signed out.`);
  }

  async #invite(): Promise<void> {
    await this.#call(() => this.api.request('POST', `/api/users/${encodeURIComponent(this.personId)}/invitation`), `Invitation sent to ${this.profile!.person.email}.`);
  }

  async #act(action: 'deactivate' | 'reactivate', done: string): Promise<void> {
    await this.#call(() => this.api.request('POST', `/api/users/${encodeURIComponent(this.personId)}/${action}`), done);
  }

  async #call(fn: () => Promise<unknown>, done: string): Promise<void> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await fn();
      this.notice = done;
      await this.#load();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-person', LmsPerson);
