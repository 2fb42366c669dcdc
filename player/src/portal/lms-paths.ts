/**
 * <lms-paths>: HR builds learning paths. A list of steps, each with its target, its
 * prerequisites (checkboxes of the other steps) and competency gates; a live diagram; the
 * server's checks (missing targets, cycles, nested-path cycles) shown next to the step
 * they concern. Saving publishes a new version. Enrolment gives the path to people.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from './api.js';
import { formatDate, learningStyles, STATE_LABELS } from './learning-styles.js';
import type { Framework, PathStep, PathView, PolicyView, StepType } from './learning-types.js';
import { controlStyles } from './theme.js';
import './lms-path-dag.js';
import { StackedTableLabels, stackedTableStyles } from './stacked-table.js';

interface Option {
  id: string;
  title: string;
}

interface Draft {
  id?: string;
  title: string;
  description: string;
  steps: PathStep[];
}

const TYPES: Array<{ value: StepType; label: string }> = [
  { value: 'package', label: 'Course package' },
  { value: 'activity', label: 'External activity (xAPI)' },
  { value: 'policy', label: 'Policy acknowledgement' },
  { value: 'path', label: 'Another path' },
  { value: 'task', label: 'Checklist task' },
  { value: 'observation', label: 'Observation' },
  { value: 'session', label: 'Live session (event)' },
];

/** Layers for the preview; tolerant of cycles (a step in a cycle stops at the depth where it loops). */
export function previewLayers(steps: PathStep[]): string[][] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const pre = (byId.get(id)?.prerequisites ?? []).filter((p) => byId.has(p));
    const d = pre.length ? Math.max(...pre.map(depthOf)) + 1 : 0;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const out: string[][] = [];
  for (const s of steps) (out[depthOf(s.id)] ??= []).push(s.id);
  return out.filter(Boolean);
}

function emptyDraft(): Draft {
  return { title: '', description: '', steps: [newStep([])] };
}

function newStep(existing: PathStep[]): PathStep {
  let n = existing.length + 1;
  while (existing.some((s) => s.id === `step-${n}`)) n++;
  return { id: `step-${n}`, title: '', type: 'activity', ref: '', prerequisites: [], gates: [], required: true };
}

export class LmsPaths extends LitElement {
  static override properties = {
    api: { attribute: false },
    paths: { state: true },
    draft: { state: true },
    packages: { state: true },
    policies: { state: true },
    blended: { state: true },
    frameworks: { state: true },
    people: { state: true },
    error: { state: true },
    notice: { state: true },
    cycle: { state: true },
    assignError: { state: true },
    assignNotice: { state: true },
    onPath: { state: true },
  };

  static override styles = [stackedTableStyles, controlStyles, learningStyles];

  declare api: Api;
  declare private paths: PathView[];
  declare private draft: Draft;
  declare private packages: Option[];
  declare private policies: Option[];
  /** Blended learning targets (server/blended): checklist tasks, observation forms, live events. */
  declare private blended: { task: Option[]; observation: Option[]; session: Option[] };
  declare private frameworks: Framework[];
  declare private people: Array<{ id: string; name: string; jobRole?: string }>;
  declare private error: { message: string; field?: string } | null;
  declare private notice: string | null;
  declare private cycle: string[];
  declare private assignError: string | null;
  declare private assignNotice: string | null;
  declare private onPath: Array<{ personId: string; name: string; jobRole: string | null; version: number; status: string; completedAt: string | null; requiredDone: number; requiredTotal: number }>;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.paths = [];
    this.draft = emptyDraft();
    this.packages = [];
    this.policies = [];
    this.blended = { task: [], observation: [], session: [] };
    this.frameworks = [];
    this.people = [];
    this.error = null;
    this.notice = null;
    this.cycle = [];
    this.assignError = null;
    this.assignNotice = null;
    this.onPath = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadAll();
  }

  async #loadAll(): Promise<void> {
    const get = async <T,>(path: string, fallback: T): Promise<T> => {
      try {
        return await this.api.request<T>('GET', path);
      } catch {
        return fallback;
      }
    };
    const [paths, packages, policies, frameworks, people, tasks, forms, events] = await Promise.all([
      get<{ items: PathView[] }>('/api/paths', { items: [] }),
      get<{ items: Option[] }>('/api/packages', { items: [] }),
      get<{ items: PolicyView[] }>('/api/policies', { items: [] }),
      get<{ items: Framework[] }>('/api/competency-frameworks', { items: [] }),
      get<{ items: Array<{ id: string; name: string; jobRole?: string }> }>('/api/users?limit=500', { items: [] }),
      get<{ items: Option[] }>('/api/blended/tasks', { items: [] }),
      get<{ items: Option[] }>('/api/blended/observation-forms', { items: [] }),
      get<{ items: Option[] }>('/api/blended/events', { items: [] }),
    ]);
    const options = (items: Option[]) => items.map((o) => ({ id: o.id, title: o.title }));
    this.blended = { task: options(tasks.items), observation: options(forms.items), session: options(events.items) };
    this.paths = paths.items;
    this.packages = packages.items.map((p) => ({ id: p.id, title: p.title }));
    this.policies = policies.items.map((p) => ({ id: p.id, title: `${p.title} (v${p.currentVersion})` }));
    this.frameworks = frameworks.items;
    this.people = people.items;
  }

  override render() {
    const d = this.draft;
    return html`
      <h1>Learning paths</h1>
      <section class="card" aria-labelledby="list-h">
        <h2 id="list-h">Paths</h2>
        ${this.paths.length
          ? html`<ul class="plain">
              ${this.paths.map(
                (p) => html`<li class="list-item">
                  <button type="button" class="link" @click=${() => this.#edit(p)}>${p.title}</button>
                  <span class="muted">version ${p.version}, ${p.steps.length} steps</span>
                </li>`,
              )}
            </ul>`
          : html`<p class="muted">No paths yet.</p>`}
        <div class="actions"><button type="button" class="secondary" @click=${() => this.#new()}>New path</button></div>
      </section>

      <form class="card" @submit=${this.#save} novalidate aria-labelledby="edit-h">
        <h2 id="edit-h">${d.id ? `Edit “${d.title}”` : 'New path'}</h2>
        ${d.id ? html`<p class="muted">Saving publishes a new version. People who started keep the version they started; everyone else gets the new one.</p>` : nothing}
        <div class="row">
          <label class="field"
            >Title
            <input .value=${d.title} @input=${(e: Event) => this.#set({ title: (e.target as HTMLInputElement).value })} aria-invalid=${this.error?.field === 'title' ? 'true' : 'false'} />
          </label>
          <label class="field"
            >Description (optional)
            <input .value=${d.description} @input=${(e: Event) => this.#set({ description: (e.target as HTMLInputElement).value })} />
          </label>
        </div>
        ${this.error?.field === 'title' ? html`<p class="field-error">${this.error.message}</p>` : nothing}

        <h3 class="gap-above">Steps</h3>
        <div role="alert" id="path-error">
          ${this.error && !this.#stepIndexOf(this.error.field) && this.error.field !== 'title' ? html`<p class="error">${this.error.message}</p>` : nothing}
        </div>
        <lms-path-dag .steps=${d.steps.map((s) => ({ ...s, title: s.title || 'Untitled step' }))} .layers=${previewLayers(d.steps)} .highlight=${this.cycle}></lms-path-dag>
        <ol class="plain">
          ${d.steps.map((s, i) => this.#renderStep(s, i))}
        </ol>
        <div class="actions">
          <button type="button" class="secondary" @click=${() => this.#set({ steps: [...d.steps, newStep(d.steps)] })}>Add step</button>
          <button type="button" class="secondary" @click=${this.#check}>Check</button>
          <button type="submit" class="primary">${d.id ? 'Save new version' : 'Create path'}</button>
          ${d.id ? html`<button type="button" class="secondary" @click=${this.#delete}>Delete path</button>` : nothing}
        </div>
        <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      </form>
      ${d.id ? this.#renderEnrol(d.id) : nothing} ${d.id ? this.#renderPeople() : nothing}
    `;
  }

  #renderStep(s: PathStep, i: number) {
    const others = this.draft.steps.filter((o) => o.id !== s.id);
    const err = this.#stepIndexOf(this.error?.field) === String(i) ? this.error : null;
    const inCycle = this.cycle.includes(s.id);
    const fieldId = (name: string) => `s${i}-${name}`;
    return html`<li class="gap-below gap-above">
      <fieldset data-step=${s.id} aria-invalid=${err || inCycle ? 'true' : 'false'} class=${inCycle ? 'cycle' : ''}>
        <legend>Step ${i + 1}: ${s.title || 'untitled'}</legend>
        <div class="row">
          <label class="field"
            >Step title
            <input .value=${s.title} @input=${(e: Event) => this.#setStep(i, { title: (e.target as HTMLInputElement).value })} />
          </label>
          <label class="field"
            >Type
            <select @change=${(e: Event) => this.#setStep(i, { type: (e.target as HTMLSelectElement).value as StepType, ref: '' })}>
              ${TYPES.map((t) => html`<option value=${t.value} ?selected=${t.value === s.type}>${t.label}</option>`)}
            </select>
          </label>
          ${this.#renderTarget(s, i)}
        </div>
        <div class="row">
          <label class="check"
            ><input type="checkbox" .checked=${s.required} @change=${(e: Event) => this.#setStep(i, { required: (e.target as HTMLInputElement).checked })} /> Required for
            completion</label
          >
          ${s.type === 'package' || s.type === 'activity'
            ? html`<label class="field narrow"
                >Pass mark % (optional)
                <input
                  type="number"
                  min="0"
                  max="100"
                  .value=${s.minScore === undefined ? '' : String(Math.round(s.minScore * 100))}
                  @input=${(e: Event) => {
                    const v = (e.target as HTMLInputElement).value;
                    this.#setStep(i, { minScore: v === '' ? undefined : Number(v) / 100 });
                  }}
              /></label>`
            : nothing}
        </div>
        <fieldset class="gap-above">
          <legend>Prerequisites</legend>
          ${others.length
            ? others.map(
                (o) => html`<label class="check inline-gap"
                  ><input
                    type="checkbox"
                    .checked=${s.prerequisites.includes(o.id)}
                    @change=${(e: Event) => {
                      const on = (e.target as HTMLInputElement).checked;
                      this.#setStep(i, { prerequisites: on ? [...s.prerequisites, o.id] : s.prerequisites.filter((p) => p !== o.id) });
                    }}
                  />
                  ${o.title || 'Untitled step'}</label
                >`,
              )
            : html`<span class="muted">Add another step to require it first.</span>`}
        </fieldset>
        <fieldset class="gap-above">
          <legend>Competency gates</legend>
          ${s.gates.map((g, j) => {
            const fw = this.frameworks.find((f) => f.competencies.some((c) => c.id === g.competencyId));
            return html`<div class="row gap-below">
              <label class="field"
                >Competency
                <select @change=${(e: Event) => this.#setGate(i, j, { competencyId: (e.target as HTMLSelectElement).value })} id=${fieldId(`gate-${j}`)}>
                  <option value="">Choose…</option>
                  ${this.frameworks.flatMap((f) => f.competencies.map((c) => html`<option value=${c.id} ?selected=${c.id === g.competencyId}>${c.name} (${f.name})</option>`))}
                </select>
              </label>
              <label class="field"
                >At least level
                <select @change=${(e: Event) => this.#setGate(i, j, { level: Number((e.target as HTMLSelectElement).value) })}>
                  ${(fw?.levels ?? []).map((l) => html`<option value=${l.level} ?selected=${l.level === g.level}>${l.level} · ${l.name}</option>`)}
                </select>
              </label>
              <button type="button" class="secondary small" @click=${() => this.#setStep(i, { gates: s.gates.filter((_, k) => k !== j) })}>Remove gate</button>
            </div>`;
          })}
          <button
            type="button"
            class="secondary small"
            ?disabled=${!this.frameworks.length}
            @click=${() => this.#setStep(i, { gates: [...s.gates, { competencyId: '', level: this.frameworks[0]?.levels[0]?.level ?? 1 }] })}
          >
            Add gate
          </button>
          ${this.frameworks.length ? nothing : html`<span class="muted">No competency frameworks yet.</span>`}
        </fieldset>
        ${inCycle ? html`<p class="field-error">This step is part of the cycle: ${this.#cycleText()}</p>` : nothing}
        ${err ? html`<p class="field-error" role="alert">${err.message}</p>` : nothing}
        <div class="actions">
          <button type="button" class="secondary small" @click=${() => this.#removeStep(i)} aria-label=${`Remove step ${i + 1} ${s.title}`}>Remove step</button>
        </div>
      </fieldset>
    </li>`;
  }

  #renderTarget(s: PathStep, i: number) {
    const choose = (options: Option[], label: string) => html`<label class="field"
      >${label}
      <select @change=${(e: Event) => this.#setStep(i, { ref: (e.target as HTMLSelectElement).value })}>
        <option value="">Choose…</option>
        ${options.map((o) => html`<option value=${o.id} ?selected=${o.id === s.ref}>${o.title}</option>`)}
      </select>
    </label>`;
    switch (s.type) {
      case 'package':
        return choose(this.packages, 'Course package');
      case 'policy':
        return choose(this.policies, 'Policy');
      case 'task':
        return choose(this.blended.task, 'Checklist task');
      case 'observation':
        return choose(this.blended.observation, 'Observation form');
      case 'session':
        return choose(this.blended.session, 'Live event');
      case 'path':
        return choose(this.paths.filter((p) => p.id !== this.draft.id).map((p) => ({ id: p.id, title: p.title })), 'Path');
      case 'activity':
        return html`<label class="field"
          >Activity address (URL) the external tool records
          <input .value=${s.ref} placeholder="https://tool.example.com/activities/…" @input=${(e: Event) => this.#setStep(i, { ref: (e.target as HTMLInputElement).value })} />
        </label>`;
    }
  }

  #renderEnrol(pathId: string) {
    const roles = [...new Set(this.people.map((p) => p.jobRole).filter((r): r is string => !!r))].sort();
    return html`<section class="card" aria-labelledby="assign-h">
      <h2 id="assign-h">Assign “${this.draft.title}”</h2>
      <form @submit=${(e: SubmitEvent) => this.#assignByRole(e, pathId)} aria-labelledby="by-role-h">
        <h3 id="by-role-h">By job role</h3>
        <p class="muted">Creates an assignment rule: everyone with this job role gets the path now, and so does anyone who gets the role later.</p>
        <div class="row">
          <label class="field"
            >Job role
            <input name="jobRole" list="job-roles" required />
            <datalist id="job-roles">${roles.map((r) => html`<option value=${r}></option>`)}</datalist>
          </label>
          <label class="field narrow">Due after assignment (days, optional) <input type="number" min="0" name="days" /></label>
          <button type="submit" class="primary">Assign by role</button>
        </div>
      </form>
      <form class="gap-above" @submit=${(e: SubmitEvent) => this.#enrol(e, pathId)} aria-labelledby="enrol-h">
        <h3 id="enrol-h">Named people</h3>
        <div class="row">
          <label class="field"
            >People
            <select name="people" multiple size="6">
              ${this.people.map((p) => html`<option value=${p.id}>${p.name}${p.jobRole ? ` · ${p.jobRole}` : ''}</option>`)}
            </select>
          </label>
          <label class="field narrow">Due date (optional) <input type="date" name="dueAt" /></label>
          <button type="submit" class="secondary">Enrol</button>
        </div>
      </form>
      <div role="alert">${this.assignError ? html`<p class="error">${this.assignError}</p>` : nothing}</div>
      <div role="status">${this.assignNotice ? html`<p class="notice">${this.assignNotice}</p>` : nothing}</div>
    </section>`;
  }

  #renderPeople() {
    return html`<section class="card" aria-labelledby="on-path-h">
      <h2 id="on-path-h">People on this path (${this.onPath.length})</h2>
      ${this.onPath.length
        ? html`<table class="stack" aria-labelledby="on-path-h">
            <thead><tr><th scope="col">Person</th><th scope="col">Version</th><th scope="col">Required steps done</th><th scope="col">Status</th></tr></thead>
            <tbody>
              ${this.onPath.map(
                (p) => html`<tr>
                  <td>${p.name}${p.jobRole ? html`<br /><span class="muted">${p.jobRole}</span>` : nothing}</td>
                  <td>${p.version}</td>
                  <td>${p.requiredDone} of ${p.requiredTotal}</td>
                  <td><span class="badge ${p.status}">${STATE_LABELS[p.status] ?? p.status}</span>${p.completedAt ? html` ${formatDate(p.completedAt)}` : nothing}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="muted">Nobody is assigned this path yet.</p>`}
    </section>`;
  }

  async #loadPeople(pathId: string): Promise<void> {
    try {
      this.onPath = (await this.api.request<{ items: LmsPaths['onPath'] }>('GET', `/api/paths/${pathId}/people`)).items;
    } catch {
      this.onPath = [];
    }
  }

  async #assignByRole(e: SubmitEvent, pathId: string): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const jobRole = String(form.get('jobRole') ?? '').trim();
    const days = String(form.get('days') ?? '');
    this.assignError = null;
    this.assignNotice = null;
    if (!jobRole) {
      this.assignError = 'Job role: enter the job role to assign.';
      return;
    }
    try {
      // hr-org's assignment rules: the rule assigns everyone who matches, now and later.
      await this.api.request('POST', '/api/assignment-rules', {
        name: `${this.draft.title} for ${jobRole}`,
        target: { type: 'path', id: pathId, title: this.draft.title },
        criteria: { jobRoles: [{ jobRole }] },
        due: days === '' ? { kind: 'none' } : { kind: 'afterAssignment', days: Number(days) },
      });
      this.assignNotice = `Assigned to everyone with the job role “${jobRole}”.`;
      await this.#loadPeople(pathId);
    } catch (error) {
      this.assignError =
        error instanceof ApiError && error.status === 404 && error.code === 'not_found' && /No route/.test(error.message)
          ? 'Rule-based assignment is not available on this server; enrol named people instead.'
          : error instanceof ApiError
            ? error.message
            : 'Could not assign.';
    }
  }

  #cycleText(): string {
    const title = (id: string) => this.draft.steps.find((s) => s.id === id)?.title || 'an untitled step';
    return this.cycle.map(title).join(' → ');
  }

  /** `steps.3.ref` -> '3'. */
  #stepIndexOf(field: string | undefined): string | null {
    const m = /^steps\.(\d+)/.exec(field ?? '');
    return m ? m[1]! : null;
  }

  #set(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
  }

  #setStep(i: number, patch: Partial<PathStep>): void {
    const steps = this.draft.steps.map((s, k) => (k === i ? { ...s, ...patch } : s));
    if ('minScore' in patch && patch.minScore === undefined) delete steps[i]!.minScore;
    this.#set({ steps });
  }

  #setGate(i: number, j: number, patch: Partial<PathStep['gates'][number]>): void {
    const s = this.draft.steps[i]!;
    this.#setStep(i, { gates: s.gates.map((g, k) => (k === j ? { ...g, ...patch } : g)) });
  }

  #removeStep(i: number): void {
    const gone = this.draft.steps[i]!.id;
    this.#set({ steps: this.draft.steps.filter((_, k) => k !== i).map((s) => ({ ...s, prerequisites: s.prerequisites.filter((p) => p !== gone) })) });
  }

  #new(): void {
    this.draft = emptyDraft();
    this.error = null;
    this.notice = null;
    this.cycle = [];
    this.assignError = null;
    this.assignNotice = null;
  }

  #edit(p: PathView): void {
    this.draft = { id: p.id, title: p.title, description: p.description ?? '', steps: structuredClone(p.steps) };
    this.onPath = [];
    void this.#loadPeople(p.id);
    this.error = null;
    this.notice = null;
    this.cycle = [];
  }

  #body() {
    const d = this.draft;
    return { title: d.title, ...(d.description ? { description: d.description } : {}), steps: d.steps };
  }

  #fail(error: unknown): void {
    if (error instanceof ApiError) {
      this.error = { message: error.message, field: error.field };
      const details = error.details as { cycle?: string[]; chain?: Array<{ stepId?: string }> } | undefined;
      this.cycle = details?.cycle ?? (details?.chain ? details.chain.map((c) => c.stepId).filter((x): x is string => !!x && this.draft.steps.some((s) => s.id === x)) : []);
    } else {
      this.error = { message: 'Something went wrong. Try again.' };
    }
  }

  async #check(): Promise<void> {
    this.error = null;
    this.notice = null;
    this.cycle = [];
    try {
      await this.api.request('POST', '/api/paths/validate', { ...this.#body(), ...(this.draft.id ? { id: this.draft.id } : {}) });
      this.notice = 'No problems found.';
    } catch (error) {
      this.#fail(error);
    }
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    this.error = null;
    this.notice = null;
    this.cycle = [];
    try {
      const saved = this.draft.id
        ? await this.api.request<PathView>('PUT', `/api/paths/${this.draft.id}`, this.#body())
        : await this.api.request<PathView>('POST', '/api/paths', this.#body());
      this.notice = `Saved “${saved.title}” as version ${saved.version} (${formatDate(new Date().toISOString())}).`;
      await this.#loadAll();
      this.#edit(saved);
      this.notice = `Saved “${saved.title}” as version ${saved.version}.`;
    } catch (error) {
      this.#fail(error);
    }
  }

  async #delete(): Promise<void> {
    const { id, title } = this.draft;
    if (!id || !confirm(`Delete the path “${title}”? Completions already recorded stay in people's records.`)) return;
    this.error = null;
    try {
      await this.api.request('DELETE', `/api/paths/${id}`);
      await this.#loadAll();
      this.#new();
      this.notice = `Deleted “${title}”.`;
    } catch (error) {
      this.#fail(error);
    }
  }

  async #enrol(e: SubmitEvent, pathId: string): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const select = form.querySelector<HTMLSelectElement>('select[name=people]')!;
    const personIds = [...select.selectedOptions].map((o) => o.value);
    const due = form.querySelector<HTMLInputElement>('input[name=dueAt]')!.value;
    this.assignError = null;
    this.assignNotice = null;
    if (!personIds.length) {
      this.assignError = 'People: choose at least one person to enrol.';
      return;
    }
    try {
      const res = await this.api.request<{ enrolled: number }>('POST', '/api/enrolments', { personIds, targetType: 'path', targetId: pathId, ...(due ? { dueAt: due } : {}) });
      this.assignNotice = `Enrolled ${res.enrolled} ${res.enrolled === 1 ? 'person' : 'people'}.`;
      await this.#loadPeople(pathId);
    } catch (error) {
      this.assignError = error instanceof ApiError ? error.message : 'Could not enrol.';
    }
  }
}

customElements.define('lms-paths', LmsPaths);

declare global {
  interface HTMLElementTagNameMap {
    'lms-paths': LmsPaths;
  }
}
