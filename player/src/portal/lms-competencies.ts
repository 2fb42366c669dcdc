/**
 * <lms-competencies>: HR edits competency frameworks: the level scale, competencies with a
 * behavioural anchor per level, the matrix (level required per job role and job level) and
 * the evidence rules read from the LRS (score bands, proving statements).
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from './api.js';
import { learningStyles } from './learning-styles.js';
import type { Framework } from './learning-types.js';
import { controlStyles } from './theme.js';
import { StackedTableLabels, stackedTableStyles } from './stacked-table.js';

type Draft = Omit<Framework, 'id'> & { id?: string };
type Rule = Framework['evidenceRules'][number];

function emptyDraft(): Draft {
  return {
    name: '',
    description: '',
    levels: [
      { level: 1, name: 'Developing' },
      { level: 2, name: 'Proficient' },
      { level: 3, name: 'Advanced' },
    ],
    competencies: [{ id: 'competency-1', name: '', anchors: [] }],
    requirements: [],
    evidenceRules: [],
  };
}

/** "0.9:3, 0.7:2" <-> bands. */
function bandsText(bands: Array<{ minScore: number; level: number }>): string {
  return bands.map((b) => `${Math.round(b.minScore * 100)}%:${b.level}`).join(', ');
}
function parseBands(text: string): Array<{ minScore: number; level: number }> {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [score, level] = part.split(':');
      return { minScore: Number(String(score).replace('%', '')) / 100, level: Number(level) };
    });
}

export class LmsCompetencies extends LitElement {
  static override properties = {
    api: { attribute: false },
    frameworks: { state: true },
    draft: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [stackedTableStyles, controlStyles, learningStyles];

  declare api: Api;
  declare private frameworks: Framework[];
  declare private draft: Draft;
  declare private error: { message: string; field?: string } | null;
  declare private notice: string | null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.frameworks = [];
    this.draft = emptyDraft();
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.frameworks = (await this.api.request<{ items: Framework[] }>('GET', '/api/competency-frameworks')).items;
    } catch (error) {
      this.error = { message: error instanceof ApiError ? error.message : 'Could not load the frameworks.' };
    }
  }

  #set(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
  }

  override render() {
    const d = this.draft;
    const val = (e: Event) => (e.target as HTMLInputElement).value;
    return html`
      <h1>Competencies</h1>
      <section class="card" aria-labelledby="fw-h">
        <h2 id="fw-h">Frameworks</h2>
        ${this.frameworks.length
          ? html`<ul class="plain">
              ${this.frameworks.map(
                (f) => html`<li><button type="button" class="link" @click=${() => this.#edit(f)}>${f.name}</button> <span class="muted">${f.competencies.length} competencies, ${f.levels.length} levels</span></li>`,
              )}
            </ul>`
          : html`<p class="muted">No frameworks yet.</p>`}
        <div class="actions"><button type="button" class="secondary" @click=${() => this.#edit(null)}>New framework</button></div>
      </section>

      <form class="card" @submit=${this.#save} novalidate aria-labelledby="fw-edit-h">
        <h2 id="fw-edit-h">${d.id ? `Edit “${d.name}”` : 'New framework'}</h2>
        <div class="row">
          <label class="field">Name <input .value=${d.name} @input=${(e: Event) => this.#set({ name: val(e) })} /></label>
          <label class="field">Description <input .value=${d.description ?? ''} @input=${(e: Event) => this.#set({ description: val(e) })} /></label>
        </div>

        <h3 class="gap-above">Proficiency levels (lowest first)</h3>
        ${d.levels.map(
          (l, i) => html`<div class="row gap-below">
            <label class="field narrow">Level <input type="number" .value=${String(l.level)} @input=${(e: Event) => this.#set({ levels: d.levels.map((x, k) => (k === i ? { ...x, level: Number(val(e)) } : x)) })} /></label>
            <label class="field">Name <input .value=${l.name} @input=${(e: Event) => this.#set({ levels: d.levels.map((x, k) => (k === i ? { ...x, name: val(e) } : x)) })} /></label>
            <button type="button" class="secondary small" @click=${() => this.#set({ levels: d.levels.filter((_, k) => k !== i) })}>Remove level</button>
          </div>`,
        )}
        <button type="button" class="secondary small" @click=${() => this.#set({ levels: [...d.levels, { level: (d.levels.at(-1)?.level ?? 0) + 1, name: '' }] })}>Add level</button>

        <h3 class="gap-above">Competencies and behavioural anchors</h3>
        ${d.competencies.map(
          (c, i) => html`<fieldset class="gap-below">
            <legend>${c.name || c.id}</legend>
            <div class="row">
              <label class="field narrow">Id <input .value=${c.id} @input=${(e: Event) => this.#setComp(i, { id: val(e) })} /></label>
              <label class="field">Name <input .value=${c.name} @input=${(e: Event) => this.#setComp(i, { name: val(e) })} /></label>
            </div>
            ${d.levels.map(
              (l) => html`<label class="field gap-above"
                >At ${l.name || `level ${l.level}`}: what it looks like
                <input
                  .value=${c.anchors.find((a) => a.level === l.level)?.text ?? ''}
                  @input=${(e: Event) => {
                    const text = val(e);
                    const anchors = c.anchors.filter((a) => a.level !== l.level);
                    this.#setComp(i, { anchors: text ? [...anchors, { level: l.level, text }].sort((a, b) => a.level - b.level) : anchors });
                  }}
              /></label>`,
            )}
            <div class="actions"><button type="button" class="secondary small" @click=${() => this.#set({ competencies: d.competencies.filter((_, k) => k !== i) })}>Remove competency</button></div>
          </fieldset>`,
        )}
        <button type="button" class="secondary small" @click=${() => this.#set({ competencies: [...d.competencies, { id: `competency-${d.competencies.length + 1}`, name: '', anchors: [] }] })}>
          Add competency
        </button>

        <h3 class="gap-above">Matrix: level required per job role</h3>
        ${d.requirements.map(
          (r, i) => html`<div class="row gap-below">
            <label class="field">Job role <input .value=${r.jobRole} @input=${(e: Event) => this.#setReq(i, { jobRole: val(e) })} /></label>
            <label class="field narrow">Job level (optional) <input .value=${r.jobLevel ?? ''} @input=${(e: Event) => this.#setReq(i, { jobLevel: val(e) || undefined })} /></label>
            <label class="field"
              >Competency
              <select @change=${(e: Event) => this.#setReq(i, { competencyId: val(e) })}>
                ${d.competencies.map((c) => html`<option value=${c.id} ?selected=${c.id === r.competencyId}>${c.name || c.id}</option>`)}
              </select>
            </label>
            <label class="field"
              >Required level
              <select @change=${(e: Event) => this.#setReq(i, { level: Number(val(e)) })}>
                ${d.levels.map((l) => html`<option value=${l.level} ?selected=${l.level === r.level}>${l.name}</option>`)}
              </select>
            </label>
            <button type="button" class="secondary small" @click=${() => this.#set({ requirements: d.requirements.filter((_, k) => k !== i) })}>Remove</button>
          </div>`,
        )}
        <button
          type="button"
          class="secondary small"
          @click=${() => this.#set({ requirements: [...d.requirements, { jobRole: '', competencyId: d.competencies[0]?.id ?? '', level: d.levels[0]?.level ?? 1 }] })}
        >
          Add requirement
        </button>
        ${this.#renderMatrix()}

        <h3 class="gap-above">Evidence from the learning record</h3>
        <p class="muted">Score bands: the person's latest score on the activity gives a level (e.g. “90%:3, 70%:2”). A statement rule: a statement with the verb on the activity proves a level.</p>
        ${d.evidenceRules.map((r, i) => this.#renderRule(r, i))}
        <div class="actions">
          <button type="button" class="secondary small" @click=${() => this.#addRule('score')}>Add score bands</button>
          <button type="button" class="secondary small" @click=${() => this.#addRule('statement')}>Add statement rule</button>
        </div>

        <div role="alert">${this.error ? html`<p class="error">${this.error.message}</p>` : nothing}</div>
        <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
        <div class="actions"><button type="submit" class="primary">${d.id ? 'Save framework' : 'Create framework'}</button></div>
      </form>
    `;
  }

  /** The matrix as people read it: competencies down, roles across. */
  #renderMatrix() {
    const d = this.draft;
    const roles = [...new Set(d.requirements.filter((r) => r.jobRole).map((r) => (r.jobLevel ? `${r.jobRole} ${r.jobLevel}` : r.jobRole)))];
    if (!roles.length) return nothing;
    const cell = (competencyId: string, role: string) => {
      const r = d.requirements.find((x) => x.competencyId === competencyId && (x.jobLevel ? `${x.jobRole} ${x.jobLevel}` : x.jobRole) === role);
      return r ? (d.levels.find((l) => l.level === r.level)?.name ?? String(r.level)) : '—';
    };
    return html`<table class="stack gap-above" aria-label="Competency matrix">
      <thead><tr><th scope="col">Competency</th>${roles.map((r) => html`<th scope="col">${r}</th>`)}</tr></thead>
      <tbody>${d.competencies.map((c) => html`<tr><th scope="row">${c.name || c.id}</th>${roles.map((r) => html`<td>${cell(c.id, r)}</td>`)}</tr>`)}</tbody>
    </table>`;
  }

  #renderRule(r: Rule, i: number) {
    const d = this.draft;
    const val = (e: Event) => (e.target as HTMLInputElement).value;
    const set = (patch: Partial<Rule>) => this.#set({ evidenceRules: d.evidenceRules.map((x, k) => (k === i ? ({ ...x, ...patch } as Rule) : x)) });
    return html`<div class="row gap-below">
      <label class="field"
        >Competency
        <select @change=${(e: Event) => set({ competencyId: val(e) })}>
          ${d.competencies.map((c) => html`<option value=${c.id} ?selected=${c.id === r.competencyId}>${c.name || c.id}</option>`)}
        </select>
      </label>
      <label class="field">Activity address (URL) <input .value=${r.activityId} @input=${(e: Event) => set({ activityId: val(e) })} /></label>
      ${r.kind === 'score'
        ? html`<label class="field">Score bands (score:level) <input .value=${bandsText(r.bands)} @change=${(e: Event) => set({ bands: parseBands(val(e)) } as Partial<Rule>)} /></label>`
        : html`<label class="field">Verb address (URL) <input .value=${r.verb} @input=${(e: Event) => set({ verb: val(e) } as Partial<Rule>)} /></label>
            <label class="field narrow"
              >Proves level
              <select @change=${(e: Event) => set({ level: Number(val(e)) } as Partial<Rule>)}>
                ${d.levels.map((l) => html`<option value=${l.level} ?selected=${l.level === r.level}>${l.name}</option>`)}
              </select>
            </label>`}
      <button type="button" class="secondary small" @click=${() => this.#set({ evidenceRules: d.evidenceRules.filter((_, k) => k !== i) })}>Remove rule</button>
    </div>`;
  }

  #addRule(kind: Rule['kind']): void {
    const d = this.draft;
    const base = { id: `rule-${d.evidenceRules.length + 1}`, competencyId: d.competencies[0]?.id ?? '', activityId: '' };
    const top = d.levels.at(-1)?.level ?? 1;
    const rule: Rule = kind === 'score' ? { ...base, kind, bands: [{ minScore: 0.8, level: top }] } : { ...base, kind, verb: 'http://adlnet.gov/expapi/verbs/passed', level: top };
    this.#set({ evidenceRules: [...d.evidenceRules, rule] });
  }

  #setComp(i: number, patch: Partial<Framework['competencies'][number]>): void {
    this.#set({ competencies: this.draft.competencies.map((c, k) => (k === i ? { ...c, ...patch } : c)) });
  }

  #setReq(i: number, patch: Partial<Framework['requirements'][number]>): void {
    this.#set({ requirements: this.draft.requirements.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  }

  #edit(f: Framework | null): void {
    this.draft = f ? structuredClone(f) : emptyDraft();
    this.error = null;
    this.notice = null;
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { id, ...body } = this.draft;
    if (!body.description) delete body.description;
    body.requirements = body.requirements.map((r) => (r.jobLevel ? r : { jobRole: r.jobRole, competencyId: r.competencyId, level: r.level }));
    this.error = null;
    try {
      const saved = id ? await this.api.request<Framework>('PUT', `/api/competency-frameworks/${id}`, body) : await this.api.request<Framework>('POST', '/api/competency-frameworks', body);
      await this.#load();
      this.#edit(saved);
      this.notice = `Saved “${saved.name}”.`;
    } catch (error) {
      this.error = { message: error instanceof ApiError ? error.message : 'Could not save.', field: error instanceof ApiError ? error.field : undefined };
    }
  }
}

customElements.define('lms-competencies', LmsCompetencies);

declare global {
  interface HTMLElementTagNameMap {
    'lms-competencies': LmsCompetencies;
  }
}
