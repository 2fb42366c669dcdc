/**
 * <lms-rules>: HR lists assignment rules and creates one: what it assigns (a path, course
 * or policy chosen by name, or an external activity by address), to whom (job role and
 * levels, departments, locations, hire dates, a manager's reports chosen by name), when it
 * is due, and recertification; "Preview" shows who matches.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { hrStyles } from './hr-styles.js';
import './lms-person-picker.js';
import './lms-target-picker.js';
import type { LmsTargetPicker, TargetType } from './lms-target-picker.js';
import './lms-org-chips.js';
import type { LmsOrgChips } from './lms-org-chips.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

interface Rule {
  id: string;
  name: string;
  target: { type: string; id: string; title: string };
  criteria: Record<string, unknown>;
  due: { kind: string; date?: string; days?: number };
  recurrence?: { validForMonths: number; windowDays: number };
  active: boolean;
}

interface OrgLists {
  departments: Array<{ name: string }>;
  locations: Array<{ name: string }>;
  jobRoles: Array<{ name: string; levels?: string[] }>;
}

function describeCriteria(c: Record<string, unknown>): string {
  const parts: string[] = [];
  if (c.everyone) parts.push('everyone');
  const roles = c.jobRoles as Array<{ jobRole: string; levels?: string[] }> | undefined;
  if (roles?.length) parts.push(`job role ${roles.map((r) => r.jobRole + (r.levels?.length ? ` (${r.levels.join(', ')})` : '')).join(' or ')}`);
  if ((c.departments as string[] | undefined)?.length) parts.push(`department ${(c.departments as string[]).join(' or ')}`);
  if ((c.locations as string[] | undefined)?.length) parts.push(`location ${(c.locations as string[]).join(' or ')}`);
  if (c.hiredAfter) parts.push(`hired after ${String(c.hiredAfter).slice(0, 10)}`);
  if (c.hiredBefore) parts.push(`hired before ${String(c.hiredBefore).slice(0, 10)}`);
  const m = c.manager as { id: string; scope: string } | undefined;
  if (m) parts.push(m.scope === 'chain' ? 'everyone under a manager' : "a manager's direct reports");
  if ((c.people as string[] | undefined)?.length) parts.push(`${(c.people as string[]).length} named people`);
  return parts.join('; ');
}

function describeDue(d: Rule['due']): string {
  if (d.kind === 'absolute') return `by ${String(d.date).slice(0, 10)}`;
  if (d.kind === 'afterHire') return `${d.days} days after hire`;
  if (d.kind === 'afterAssignment') return `${d.days} days after assignment`;
  return 'no due date';
}

export class LmsRules extends LitElement {
  static override properties = {
    api: { attribute: false },
    rules: { state: true },
    org: { state: true },
    dueKind: { state: true },
    preview: { state: true },
    error: { state: true },
    notice: { state: true },
    target: { state: true },
    targetTitle: { state: true },
    manager: { state: true },
    chosen: { state: true },
  };

  static override styles = [stackedTableStyles, controlStyles, hrStyles];

  declare api: Api;
  declare private rules: Rule[];
  declare private org: OrgLists | null;
  declare private dueKind: string;
  declare private preview: { total: number; people: Array<{ id: string; name: string; email: string; department?: string; jobRole?: string }> } | null;
  declare private error: string | null;
  declare private notice: string | null;
  /** What the rule assigns, chosen by name in the target picker. */
  declare private target: { type: TargetType; id: string } | null;
  /** The title people see: the chosen item's own, unless HR writes another. */
  declare private targetTitle: string;
  /** The manager whose reports it assigns, chosen in the person picker. */
  declare private manager: { id: string; name: string } | null;
  /** Job roles, their levels, departments and locations chosen from the organisation's lists. */
  declare private chosen: { jobRoles: string[]; levels: string[]; departments: string[]; locations: string[] };

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.rules = [];
    this.org = null;
    this.dueKind = 'afterAssignment';
    this.preview = null;
    this.error = null;
    this.notice = null;
    this.target = null;
    this.targetTitle = '';
    this.manager = null;
    this.chosen = { jobRoles: [], levels: [], departments: [], locations: [] };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const [rules, org] = await Promise.all([this.api.request<{ items: Rule[] }>('GET', '/api/assignment-rules'), this.api.request<OrgLists>('GET', '/api/org')]);
      this.rules = rules.items;
      this.org = org;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    }
  }

  override render() {
    const names = (l: Array<{ name: string }> | undefined) => (l ?? []).map((x) => x.name);
    // Levels offered: those of the chosen roles (or of every role when none is chosen yet).
    const roles = (this.org?.jobRoles ?? []).filter((r) => !this.chosen.jobRoles.length || this.chosen.jobRoles.includes(r.name));
    const levels = [...new Set(roles.flatMap((r) => r.levels ?? []))].sort();
    const chips = (key: keyof LmsRules['chosen'], label: string, options: string[]) =>
      html`<lms-org-chips label=${label} .options=${options} .values=${this.chosen[key]} @change=${(e: CustomEvent<string[]>) => (this.chosen = { ...this.chosen, [key]: e.detail })}></lms-org-chips>`;
    return html`
      <h2 id="rules-title">Assignment rules</h2>
      ${this.rules.length
        ? html`<div class="table-wrap"><table class="stack" aria-labelledby="rules-title">
            <thead><tr><th scope="col">Rule</th><th scope="col">Assigns</th><th scope="col">To</th><th scope="col">Due</th><th scope="col">Recertification</th><th scope="col"><span class="muted">Actions</span></th></tr></thead>
            <tbody>
              ${this.rules.map(
                (r) => html`<tr>
                  <td>${r.name}${r.active ? nothing : html` <span class="badge">paused</span>`}</td>
                  <td>${r.target.title} <span class="muted">(${r.target.type})</span></td>
                  <td>${describeCriteria(r.criteria)}</td>
                  <td>${describeDue(r.due)}</td>
                  <td>${r.recurrence ? `every ${r.recurrence.validForMonths} months, window ${r.recurrence.windowDays} days` : '—'}</td>
                  <td><button class="secondary" type="button" aria-label=${`Delete rule ${r.name}`} @click=${() => this.#remove(r)}>Delete</button></td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : html`<p class="muted">No rules yet.</p>`}

      <h2>New rule</h2>
      <form @submit=${this.#create}>
        <div class="row">
          <label>Rule name <input name="name" required /></label>
        </div>
        <fieldset>
          <legend>What it assigns</legend>
          <div class="row">
            <lms-target-picker
              .api=${this.api}
              @pick=${(e: CustomEvent<{ type: TargetType; id: string; title: string }>) => {
                this.target = e.detail.id ? { type: e.detail.type, id: e.detail.id } : null;
                if (e.detail.title) this.targetTitle = e.detail.title;
              }}
            ></lms-target-picker>
            <label>Title shown to people <input name="targetTitle" required .value=${this.targetTitle} @input=${(e: Event) => (this.targetTitle = (e.target as HTMLInputElement).value)} /></label>
          </div>
        </fieldset>
        <fieldset>
          <legend>Who (all filled criteria must hold; within one, any chosen value)</legend>
          <div class="row">
            <label class="choice"><input type="checkbox" name="everyone" /> Everyone</label>
          </div>
          <div class="row top">
            ${chips('jobRoles', 'Job roles', names(this.org?.jobRoles))}
            ${chips('levels', 'Levels (of those roles)', levels)}
            ${chips('departments', 'Departments', names(this.org?.departments))}
            ${chips('locations', 'Locations', names(this.org?.locations))}
          </div>
          <div class="row">
            <label>Hired after <input type="date" name="hiredAfter" /></label>
            <label>Hired before <input type="date" name="hiredBefore" /></label>
            <lms-person-picker
              .api=${this.api}
              label="Reports of a manager"
              .value=${this.manager?.name ?? ''}
              @pick=${(e: CustomEvent<{ id: string; name: string }>) => (this.manager = e.detail.id ? e.detail : null)}
            ></lms-person-picker>
            <label>Whose reports
              <select name="managerScope"><option value="direct">Direct reports</option><option value="chain">Everyone below</option></select></label>
          </div>
        </fieldset>
        <fieldset>
          <legend>When</legend>
          <div class="row">
            <label>Due
              <select name="dueKind" @change=${(e: Event) => (this.dueKind = (e.target as HTMLSelectElement).value)}>
                <option value="afterAssignment" selected>N days after assignment</option>
                <option value="afterHire">N days after hire</option>
                <option value="absolute">On a date</option>
                <option value="none">No due date</option>
              </select></label>
            ${this.dueKind === 'absolute' ? html`<label>Due date <input type="date" name="dueDate" required /></label>` : nothing}
            ${this.dueKind === 'afterAssignment' || this.dueKind === 'afterHire' ? html`<label>Days <input type="number" name="dueDays" min="0" max="3650" value="30" required /></label>` : nothing}
            <label>Valid for (months; empty: never expires) <input type="number" name="validForMonths" min="1" max="120" /></label>
            <label>Recertification opens (days before expiry) <input type="number" name="windowDays" min="0" max="365" value="90" /></label>
          </div>
        </fieldset>
        <div class="row">
          <button class="secondary" type="button" @click=${this.#preview}>Preview who matches</button>
          <button class="primary" type="submit">Create rule</button>
        </div>
      </form>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.preview
        ? html`<div class="table-wrap"><table class="stack">
            <caption>${this.preview.total} people match${this.preview.total > this.preview.people.length ? ` (first ${this.preview.people.length} shown)` : ''}</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Department</th><th scope="col">Job role</th></tr></thead>
            <tbody>${this.preview.people.map((p) => html`<tr><td>${p.name}</td><td>${p.email}</td><td>${p.department ?? '—'}</td><td>${p.jobRole ?? '—'}</td></tr>`)}</tbody>
          </table></div>`
        : nothing}
    `;
  }

  #criteria(form: FormData): Record<string, unknown> {
    const c: Record<string, unknown> = {};
    if (form.get('everyone')) c.everyone = true;
    const { jobRoles, levels, departments, locations } = this.chosen;
    if (jobRoles.length) c.jobRoles = jobRoles.map((jobRole) => (levels.length ? { jobRole, levels } : { jobRole }));
    if (departments.length) c.departments = departments;
    if (locations.length) c.locations = locations;
    for (const k of ['hiredAfter', 'hiredBefore']) if (form.get(k)) c[k] = String(form.get(k));
    if (this.manager) c.manager = { id: this.manager.id, scope: String(form.get('managerScope')) };
    return c;
  }

  #form(): FormData {
    return new FormData(this.renderRoot.querySelector('form')!);
  }

  #fail(err: unknown) {
    this.notice = null;
    this.error = err instanceof ApiError ? `${err.message}` : String(err);
  }

  async #preview() {
    try {
      this.preview = await this.api.request('POST', '/api/assignment-rules/preview', { criteria: this.#criteria(this.#form()), limit: 50 });
      this.error = null;
      this.notice = `${this.preview!.total} people match these criteria.`;
    } catch (err) {
      this.#fail(err);
    }
  }

  async #create(e: Event) {
    e.preventDefault();
    const form = this.#form();
    const dueKind = String(form.get('dueKind'));
    const due = dueKind === 'absolute' ? { kind: dueKind, date: String(form.get('dueDate')) } : dueKind === 'none' ? { kind: 'none' } : { kind: dueKind, days: Number(form.get('dueDays')) };
    const body: Record<string, unknown> = {
      name: String(form.get('name')),
      target: { type: this.target?.type ?? 'path', id: this.target?.id ?? '', title: this.targetTitle },
      criteria: this.#criteria(form),
      due,
    };
    if (form.get('validForMonths')) body.recurrence = { validForMonths: Number(form.get('validForMonths')), windowDays: Number(form.get('windowDays') || 0) };
    try {
      const rule = await this.api.request<Rule>('POST', '/api/assignment-rules', body);
      this.rules = [...this.rules, rule].sort((a, b) => a.name.localeCompare(b.name));
      this.error = null;
      this.preview = null;
      this.notice = `Created “${rule.name}”. Assignments are being made in the background.`;
      (this.renderRoot.querySelector('form') as HTMLFormElement).reset();
      this.renderRoot.querySelector<LmsTargetPicker>('lms-target-picker')?.reset();
      this.targetTitle = '';
      this.manager = null;
      this.chosen = { jobRoles: [], levels: [], departments: [], locations: [] };
      this.renderRoot.querySelectorAll<LmsOrgChips>('lms-org-chips').forEach((c) => c.reset());
      this.dueKind = 'afterAssignment';
    } catch (err) {
      this.#fail(err);
    }
  }

  async #remove(r: Rule) {
    if (!confirm(`Delete the rule “${r.name}”? What it assigned ends (history is kept).`)) return;
    try {
      await this.api.request('DELETE', `/api/assignment-rules/${encodeURIComponent(r.id)}`);
      this.rules = this.rules.filter((x) => x.id !== r.id);
      this.notice = `Deleted “${r.name}”.`;
    } catch (err) {
      this.#fail(err);
    }
  }
}

customElements.define('lms-rules', LmsRules);
