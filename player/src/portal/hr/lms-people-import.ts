/**
 * <lms-people-import>: HR imports people from an HRIS CSV export. Choose the file, map its
 * columns to our fields (guessed from the headers; saved mappings can be loaded and saved),
 * run a dry run that shows exactly what would change and every row error, then apply.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { hrStyles } from './hr-styles.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

const FIELDS: Array<{ key: string; label: string; required?: boolean; hints: string[] }> = [
  { key: 'employeeId', label: 'Employee ID', hints: ['employee id', 'employee number', 'emp id', 'id'] },
  { key: 'email', label: 'Email', required: true, hints: ['email', 'work email', 'e-mail', 'mail'] },
  { key: 'name', label: 'Full name (or first and last name below)', hints: ['name', 'full name', 'display name'] },
  { key: 'firstName', label: 'First name', hints: ['first name', 'firstname', 'given name', 'givenname', 'forename'] },
  { key: 'lastName', label: 'Last name', hints: ['last name', 'lastname', 'surname', 'family name', 'familyname'] },
  { key: 'department', label: 'Department', hints: ['department', 'dept', 'division'] },
  { key: 'location', label: 'Location', hints: ['location', 'office', 'site'] },
  { key: 'jobRole', label: 'Job role', hints: ['job role', 'title', 'job title', 'position', 'role'] },
  { key: 'jobLevel', label: 'Job level', hints: ['job level', 'level', 'grade', 'band'] },
  { key: 'manager', label: 'Manager (employee ID or email)', hints: ['manager', 'manager id', 'manager email', 'reports to'] },
  { key: 'hireDate', label: 'Hire date (YYYY-MM-DD)', hints: ['hire date', 'start date', 'hired', 'date of hire'] },
  { key: 'roles', label: 'LMS roles', hints: ['lms roles', 'roles'] },
  { key: 'status', label: 'Status (active / inactive)', hints: ['status', 'employment status', 'active'] },
];

interface Plan {
  rows: number;
  dryRun: boolean;
  creates: Array<{ row: number; id: string; fields: Record<string, unknown> }>;
  updates: Array<{ row: number; id: string; name: string; changes: Record<string, { from: unknown; to: unknown }> }>;
  deactivations: Array<{ id: string; name: string; email: string; reason: string; row?: number }>;
  unchanged: number;
  errors: Array<{ row: number; column?: string; message: string }>;
  applied?: { created: number; updated: number; deactivated: number; failed: Array<{ row: number; message: string }> };
  invitations?: { invited: Array<{ id: string; email: string }>; skipped: Array<{ id: string; reason: string }> };
}

/** The first line of a CSV, split on commas outside quotes. */
export function csvHeaders(text: string): string[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      if (quoted && line[i + 1] === '"') (cur += '"'), i++;
      else quoted = !quoted;
    } else if (c === ',' && !quoted) (out.push(cur.trim()), (cur = ''));
    else cur += c;
  }
  out.push(cur.trim());
  return out.filter(Boolean);
}

function guess(headers: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  const norm = (s: string) => s.toLowerCase().replace(/[_\-.]+/g, ' ').trim();
  for (const f of FIELDS) {
    const hit = headers.find((h) => f.hints.includes(norm(h)) || norm(h) === norm(f.key));
    if (hit && !Object.values(mapping).includes(hit)) mapping[f.key] = hit;
  }
  return mapping;
}

const CHANGE_LABELS: Record<string, string> = { ...Object.fromEntries(FIELDS.map((f) => [f.key, f.label.replace(/ \(.*\)$/, '')])), managerId: 'Manager', active: 'Active' };

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(', ') : String(v));

export class LmsPeopleImport extends LitElement {
  static override properties = {
    api: { attribute: false },
    headers: { state: true },
    mapping: { state: true },
    mode: { state: true },
    plan: { state: true },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
    saved: { state: true },
    invite: { state: true },
  };

  static override styles = [stackedTableStyles, controlStyles, hrStyles];

  declare api: Api;
  declare private headers: string[];
  declare private mapping: Record<string, string>;
  declare private mode: 'partial' | 'full';
  declare private plan: Plan | null;
  declare private busy: boolean;
  declare private error: string | null;
  declare private notice: string | null;
  declare private saved: Array<{ name: string; mapping: Record<string, string> }>;
  /** Invite the people the apply creates or updates who cannot sign in yet. */
  declare private invite: boolean;
  #file: File | null = null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.headers = [];
    this.mapping = {};
    this.mode = 'partial';
    this.plan = null;
    this.busy = false;
    this.error = null;
    this.notice = null;
    this.saved = [];
    this.invite = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api
      .request<{ items: Array<{ name: string; mapping: Record<string, string> }> }>('GET', '/api/people/import/mappings')
      .then((r) => (this.saved = r.items))
      .catch(() => {});
  }

  override render() {
    return html`
      <h2 id="import-title">Import people from your HRIS</h2>
      <p class="muted">Export people as CSV from your HR system, map its columns, check the dry run, then apply. Rows with errors are never written.</p>
      <div class="row">
        <label>CSV export <input type="file" accept=".csv,text/csv" @change=${this.#pick} ?disabled=${this.busy} /></label>
        ${this.saved.length
          ? html`<label
              >Saved mapping
              <select @change=${this.#loadSaved}>
                <option value="">Choose…</option>
                ${this.saved.map((m) => html`<option value=${m.name}>${m.name}</option>`)}
              </select></label
            >`
          : nothing}
      </div>
      ${this.headers.length ? this.#mappingForm() : nothing}
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.plan ? this.#planView(this.plan) : nothing}
    `;
  }

  #mappingForm() {
    return html`
      <form @submit=${(e: Event) => (e.preventDefault(), this.#run(true))}>
        <fieldset>
          <legend>Map your columns</legend>
          <div class="row">
            ${FIELDS.map(
              (f) => html`<label
                >${f.label}${f.required ? ' (required)' : ''}
                <select
                  name=${f.key}
                  aria-required=${f.required ? 'true' : 'false'}
                  .value=${this.mapping[f.key] ?? ''}
                  @change=${(e: Event) => (this.mapping = { ...this.mapping, [f.key]: (e.target as HTMLSelectElement).value })}
                >
                  <option value="">— not in the file —</option>
                  ${this.headers.map((h) => html`<option value=${h} ?selected=${this.mapping[f.key] === h}>${h}</option>`)}
                </select></label
              >`,
            )}
          </div>
        </fieldset>
        <fieldset>
          <legend>What the file is</legend>
          <label class="choice"><input type="radio" name="mode" value="partial" .checked=${this.mode === 'partial'} @change=${() => (this.mode = 'partial')} /> Some people (create and update only)</label>
          <label class="choice"><input type="radio" name="mode" value="full" .checked=${this.mode === 'full'} @change=${() => (this.mode = 'full')} /> Everyone (people missing from the file are deactivated)</label>
        </fieldset>
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>Dry run</button>
          <label>Save this mapping as <input name="mappingName" id="mapping-name" /></label>
          <button class="secondary" type="button" @click=${this.#saveMapping} ?disabled=${this.busy}>Save mapping</button>
        </div>
      </form>
    `;
  }

  #planView(p: Plan) {
    const applied = p.applied;
    return html`
      <h2 id="plan-title" tabindex="-1">${applied ? 'Import applied' : 'Dry run: what would change'}</h2>
      <ul class="summary" aria-label="Summary">
        <li><span class="badge create">${applied ? applied.created : p.creates.length} new</span></li>
        <li><span class="badge update">${applied ? applied.updated : p.updates.length} updated</span></li>
        <li><span class="badge deactivate">${applied ? applied.deactivated : p.deactivations.length} deactivated</span></li>
        <li><span class="badge">${p.unchanged} unchanged</span></li>
        <li><span class="badge error">${p.errors.length + (applied?.failed.length ?? 0)} rows with errors</span></li>
      </ul>
      ${p.errors.length || applied?.failed.length
        ? html`<div class="table-wrap"><table class="stack">
            <caption>Rows with errors (not imported)</caption>
            <thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
            <tbody>${[...p.errors, ...(applied?.failed ?? [])].map((e) => html`<tr><td>${e.row}</td><td>${(e as { column?: string }).column ?? '—'}</td><td>${e.message}</td></tr>`)}</tbody>
          </table></div>`
        : nothing}
      ${p.creates.length
        ? html`<div class="table-wrap"><table class="stack">
            <caption>New people</caption>
            <thead><tr><th scope="col">Row</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Department</th><th scope="col">Job role</th></tr></thead>
            <tbody>${p.creates.slice(0, 200).map((c) => html`<tr><td>${c.row}</td><td>${show(c.fields.name)}</td><td>${show(c.fields.email)}</td><td>${show(c.fields.department)}</td><td>${show(c.fields.jobRole)}</td></tr>`)}</tbody>
          </table></div>`
        : nothing}
      ${p.updates.length
        ? html`<div class="table-wrap"><table class="stack">
            <caption>Changes to existing people</caption>
            <thead><tr><th scope="col">Row</th><th scope="col">Person</th><th scope="col">Changes</th></tr></thead>
            <tbody>${p.updates.slice(0, 200).map(
              (u) => html`<tr><td>${u.row}</td><td>${u.name}</td><td>${Object.entries(u.changes).map(([k, c]) => html`<div>${CHANGE_LABELS[k] ?? k}: <del>${show(c.from)}</del> → <ins>${show(c.to)}</ins></div>`)}</td></tr>`,
            )}</tbody>
          </table></div>`
        : nothing}
      ${p.deactivations.length
        ? html`<div class="table-wrap"><table class="stack">
            <caption>Deactivations</caption>
            <thead><tr><th scope="col">Person</th><th scope="col">Email</th><th scope="col">Why</th></tr></thead>
            <tbody>${p.deactivations.slice(0, 200).map((d) => html`<tr><td>${d.name}</td><td>${d.email}</td><td>${d.reason === 'status-column' ? `Status on row ${d.row}` : 'Missing from the full export'}</td></tr>`)}</tbody>
          </table></div>`
        : nothing}
      ${!applied && (p.creates.length || p.updates.length || p.deactivations.length)
        ? html`<label class="choice"
              ><input type="checkbox" name="invite" .checked=${this.invite} @change=${(e: Event) => (this.invite = (e.target as HTMLInputElement).checked)} /> Email an invitation to set a password to the people imported who cannot sign in yet</label
            >
            <button class="primary" type="button" @click=${() => this.#run(false)} ?disabled=${this.busy}>Apply ${p.creates.length + p.updates.length + p.deactivations.length} changes</button>`
        : nothing}
      ${p.invitations
        ? html`<p class="notice" data-testid="invitations-sent">${p.invitations.invited.length === 1 ? '1 invitation sent' : `${p.invitations.invited.length} invitations sent`}${p.invitations.skipped.length ? ` (${p.invitations.skipped.length} not invited: they have a password or a pending invitation)` : ''}.</p>`
        : nothing}
    `;
  }

  async #pick(e: Event) {
    const file = (e.target as HTMLInputElement).files?.[0] ?? null;
    this.#file = file;
    this.plan = null;
    this.error = null;
    if (!file) return;
    this.headers = csvHeaders(await file.slice(0, 64 * 1024).text());
    this.mapping = { ...guess(this.headers) };
    this.notice = `Found ${this.headers.length} columns. Check the mapping, then run a dry run.`;
  }

  #loadSaved(e: Event) {
    const m = this.saved.find((s) => s.name === (e.target as HTMLSelectElement).value);
    if (m) this.mapping = { ...m.mapping };
  }

  async #saveMapping() {
    const name = (this.renderRoot.querySelector('#mapping-name') as HTMLInputElement | null)?.value.trim();
    if (!name) return void (this.error = 'Give the mapping a name to save it.');
    try {
      const saved = await this.api.request<{ name: string; mapping: Record<string, string> }>('PUT', `/api/people/import/mappings/${encodeURIComponent(name)}`, { mapping: this.#cleanMapping() });
      this.saved = [...this.saved.filter((s) => s.name !== name), saved];
      this.error = null;
      this.notice = `Saved the mapping “${name}”.`;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    }
  }

  #cleanMapping(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.mapping).filter(([, v]) => v));
  }

  async #run(dryRun: boolean) {
    if (!this.#file) return;
    // Said here, in words, rather than by the browser's own "Please select an item".
    if (!this.mapping.email) return void (this.error = 'Choose the column that holds each person’s email.');
    if (!this.mapping.name && !this.mapping.firstName) return void (this.error = 'Choose the column with the full name, or the columns with the first and last name.');
    this.busy = true;
    this.error = null;
    this.notice = dryRun ? 'Checking the file…' : 'Applying…';
    try {
      const query = new URLSearchParams({ dryRun: String(dryRun), mode: this.mode, mapping: JSON.stringify(this.#cleanMapping()), ...(!dryRun && this.invite ? { invite: 'true' } : {}) });
      this.plan = await this.api.upload<Plan>(`/api/people/import?${query}`, this.#file, () => {});
      this.notice = dryRun ? 'Dry run finished: nothing has been written yet.' : 'The import was applied; assignments of the people changed are re-evaluated.';
      await this.updateComplete;
      (this.renderRoot.querySelector('#plan-title') as HTMLElement | null)?.focus();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
      this.notice = null;
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-people-import', LmsPeopleImport);
