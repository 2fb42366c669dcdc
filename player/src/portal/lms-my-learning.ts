/**
 * <lms-my-learning>: an employee's to-do list (every assignment, most urgent first),
 * assigned paths (each step's state and, when locked, why), policies to sign (text, quiz,
 * signature), completions of every kind and their competencies against what their role
 * needs. `#/my-learning/path/<id>` and `#/my-learning/policy/<id>` open on that item.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api, type SessionUser } from './api.js';
import { formatDate, learningStyles, STATE_LABELS } from './learning-styles.js';
import type { AssignedPath, LockReason, MyLearning, PersonCompetencies, StepProgress } from './learning-types.js';
import { controlStyles } from './theme.js';
import './lms-path-dag.js';
import './learner/lms-todo-list.js';
import { KIND_LABELS } from './learner/lms-todo-list.js';
import type { CompletionItem, TodoList } from '#contract/todo.js';
import { StackedTableLabels, stackedTableStyles } from './stacked-table.js';

const TYPE_LABELS: Record<string, string> = { package: 'Course', activity: 'Activity', policy: 'Policy', path: 'Path', task: 'Checklist task', observation: 'Observation', session: 'Live session' };

function reasonText(r: LockReason): string {
  if (r.kind === 'prerequisite') return `Complete “${r.title}” first`;
  const now = r.currentName ? `you are at ${r.currentName}` : 'no evidence yet';
  return `Needs ${r.competency} at ${r.levelName} (${now})`;
}

export class LmsMyLearning extends LitElement {
  static override properties = {
    api: { attribute: false },
    user: { attribute: false },
    params: { attribute: false },
    data: { state: true },
    completions: { state: true },
    competencies: { state: true },
    error: { state: true },
    signErrors: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  static override styles = [stackedTableStyles, controlStyles, learningStyles];

  declare api: Api;
  declare user: SessionUser;
  /** From the hash: `['path' | 'policy', id]` to open on that item. */
  declare params: string[];
  /** Completions of every kind, from the to-do list. */
  declare private completions: CompletionItem[] | null;
  declare private data: MyLearning | null;
  declare private competencies: PersonCompetencies | null;
  declare private error: string | null;
  declare private signErrors: Record<string, { message: string; field?: string }>;
  declare private notice: string | null;
  declare private busy: string | null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.params = [];
    this.completions = null;
    this.data = null;
    this.competencies = null;
    this.error = null;
    this.signErrors = {};
    this.notice = null;
    this.busy = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const [data, competencies] = await Promise.all([
        this.api.request<MyLearning>('GET', '/api/me/learning'),
        this.api.request<PersonCompetencies>('GET', '/api/me/competencies'),
      ]);
      this.data = data;
      this.competencies = competencies;
      await this.updateComplete;
      this.#focusRequested();
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'Could not load your learning.';
    }
  }

  /** Brings the item named in the hash into view and moves focus to its heading. */
  #focusRequested(): void {
    const [kind, id] = this.params;
    if ((kind !== 'path' && kind !== 'policy') || !id) return;
    const heading = this.renderRoot.querySelector<HTMLElement>(`[data-${kind}-id="${CSS.escape(id)}"] h3`);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  }

  override render() {
    return html`
      <h1>My learning</h1>
      <section aria-labelledby="todo-h" class="card">
        <h2 id="todo-h">To do</h2>
        <lms-todo-list .api=${this.api} @todo-loaded=${(e: CustomEvent<TodoList>) => (this.completions = e.detail.completions)}></lms-todo-list>
      </section>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.data ? this.#renderData(this.data) : html`<p class="muted">Loading…</p>`}
    `;
  }

  #renderData(data: MyLearning) {
    return html`
      <section aria-labelledby="policies-h">
        <h2 id="policies-h">Policies to sign</h2>
        ${data.policies.length ? data.policies.map((p) => this.#renderPolicy(p)) : html`<p class="muted">Nothing to sign.</p>`}
      </section>
      <section aria-labelledby="paths-h">
        <h2 id="paths-h">Learning paths</h2>
        ${data.paths.length ? data.paths.map((p) => this.#renderPath(p)) : html`<p class="muted">No learning paths are assigned to you.</p>`}
      </section>
      <section aria-labelledby="done-h" class="card">
        <h2 id="done-h">Completions</h2>
        ${this.#renderCompletions()}
      </section>
      ${this.#renderCompetencies()}
    `;
  }

  #renderCompletions() {
    const list = this.completions;
    if (list === null) return html`<p class="muted">Loading…</p>`;
    if (!list.length) return html`<p class="muted">Nothing completed yet.</p>`;
    // A list rather than a table: it stays readable at 390 px.
    return html`<ul class="plain completions" data-testid="completions">
      ${list.map(
        (c) => html`<li data-kind=${c.kind} data-id=${c.id}>
          <strong>${c.title}</strong> <span class="muted">· ${KIND_LABELS[c.kind]}${c.version ? ` · version ${c.version}` : ''}</span><br />
          <span class="muted">Completed ${formatDate(c.completedAt)}${c.score !== undefined ? `, score ${Math.round(c.score * 100)}%` : ''}${c.expiresAt ? `; valid until ${formatDate(c.expiresAt)}` : ''}</span>
          ${(c.kind === 'path' || c.kind === 'policy') && c.version
            ? html` · <a href=${`#/certificate/${c.kind}/${encodeURIComponent(c.id)}/${c.version}`}>Certificate<span class="sr-only"> for ${c.title}</span></a>`
            : nothing}
        </li>`,
      )}
    </ul>`;
  }

  #renderPath(p: AssignedPath) {
    const headingId = `path-${p.pathId}`;
    return html`<article class="card" aria-labelledby=${headingId} data-path-id=${p.pathId}>
      <div class="row spread">
        <h3 id=${headingId} tabindex="-1">${p.title}</h3>
        <span>
          <span class="badge ${p.status}">${STATE_LABELS[p.status]}</span>
          ${p.overdue ? html`<span class="badge overdue">Overdue</span>` : nothing}
        </span>
      </div>
      <p class="muted">
        ${p.dueAt ? html`Due ${formatDate(p.dueAt)}. ` : nothing}${p.completedAt ? html`Completed ${formatDate(p.completedAt)}. ` : nothing}
        ${p.version !== p.currentVersion ? html`You are on version ${p.version} (the version you started); version ${p.currentVersion} applies to new starters.` : nothing}
      </p>
      <lms-path-dag .steps=${p.steps} .layers=${p.layers}></lms-path-dag>
      <ol class="plain" aria-label=${`Steps of ${p.title}`}>
        ${p.steps.map((s) => this.#renderStep(s))}
      </ol>
    </article>`;
  }

  #renderStep(s: StepProgress) {
    return html`<li class="step" data-step-id=${s.id}>
      <div class="row spread">
        <span><strong>${s.title}</strong> <span class="muted">· ${TYPE_LABELS[s.type]}${s.required ? '' : ' · optional'}${s.minScore !== undefined ? ` · pass mark ${Math.round(s.minScore * 100)}%` : ''}</span></span>
        <span class="badge ${s.state}" data-state=${s.state}>${STATE_LABELS[s.state]}</span>
      </div>
      ${s.state === 'locked'
        ? html`<p class="tight-top">Locked until:</p>
            <ul class="reasons tight-top">${s.reasons.map((r) => html`<li>${reasonText(r)}</li>`)}</ul>`
        : nothing}
      ${s.unavailable ? html`<p class="field-error">${s.unavailable}</p>` : nothing}
      ${s.state !== 'locked' && s.state !== 'complete' ? this.#stepAction(s) : nothing}
      ${s.completedAt ? html`<p class="muted tight-top">Completed ${formatDate(s.completedAt)}${s.score !== undefined ? `, score ${Math.round(s.score * 100)}%` : ''}</p>` : nothing}
    </li>`;
  }

  #stepAction(s: StepProgress) {
    switch (s.type) {
      case 'package':
        return html`<a href=${`#/player/${encodeURIComponent(s.ref)}`}>Open the course “${s.title}”</a>`;
      case 'policy':
        return html`<a href=${`#/my-learning`} @click=${(e: Event) => this.#focusPolicy(e, s.ref)}>Read and sign the policy below</a>`;
      case 'activity':
        return /^https?:/i.test(s.ref) ? html`<a href=${s.ref} target="_blank" rel="noopener">Open the activity “${s.title}” (new tab)</a>` : html`<span class="muted">Complete it in ${s.ref}</span>`;
      case 'path':
        return html`<span class="muted">Complete the steps of the nested path.</span>`;
      case 'task':
        return html`<a href="#/blended">Open your tasks and sessions</a>`;
      case 'observation':
        return html`<span class="muted">Your manager or an assessor records this when they observe you.</span>`;
      case 'session':
        return html`<a href="#/blended">Sign up for a session</a>`;
    }
  }

  #focusPolicy(e: Event, policyId: string): void {
    e.preventDefault();
    this.renderRoot.querySelector<HTMLElement>(`[data-policy-id="${policyId}"] h3`)?.focus();
  }

  #renderPolicy(item: MyLearning['policies'][number]) {
    const p = item.policy;
    const err = this.signErrors[p.id];
    const headingId = `policy-${p.id}`;
    return html`<article class="card" aria-labelledby=${headingId} data-policy-id=${p.id}>
      <h3 id=${headingId} tabindex="-1">${p.title} <span class="muted">(version ${p.version})</span></h3>
      <p class="muted">
        ${item.dueAt ? html`Due ${formatDate(item.dueAt)}. ` : nothing}${item.overdue ? html`<span class="badge overdue">Overdue</span> ` : nothing}
        ${item.viaPaths.length ? html`Part of: ${item.viaPaths.join(', ')}.` : nothing}
      </p>
      <div tabindex="0" role="region" class="policy-text" aria-label=${`Text of ${p.title}`}>${p.text}</div>
      <form @submit=${(e: SubmitEvent) => this.#sign(e, p.id, p.version)} novalidate>
        ${p.quiz
          ? html`<h4>Check your understanding (pass mark ${Math.round(p.quiz.passMark * 100)}%)</h4>
              ${p.quiz.questions.map(
                (q) => html`<fieldset class="gap-below" aria-invalid=${err?.field === 'answers' ? 'true' : 'false'}>
                  <legend>${q.text}</legend>
                  ${q.choices.map((c, i) => html`<label class="check"><input type="radio" name=${`q-${q.id}`} value=${String(i)} required /> ${c}</label><br />`)}
                </fieldset>`,
              )}`
          : nothing}
        <div class="row gap-above">
          <label class="field"
            >Type your full name to sign (${this.user.name})
            <input name="typedName" autocomplete="name" required aria-invalid=${err?.field === 'typedName' ? 'true' : 'false'} aria-describedby=${`sign-err-${p.id}`} />
          </label>
          <button class="primary" type="submit" ?disabled=${this.busy === p.id}>Sign version ${p.version}</button>
        </div>
        <div id=${`sign-err-${p.id}`} role="alert">${err ? html`<p class="field-error">${err.message}</p>` : nothing}</div>
        <p class="muted small-text">Your signature records the version, the time and a fingerprint of this text (SHA-256 ${p.textHash.slice(0, 12)}…).</p>
      </form>
    </article>`;
  }

  async #sign(e: SubmitEvent, policyId: string, version: number): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const answers: Record<string, number> = {};
    for (const [k, v] of data.entries()) if (k.startsWith('q-')) answers[k.slice(2)] = Number(v);
    this.busy = policyId;
    this.signErrors = { ...this.signErrors, [policyId]: undefined! };
    try {
      await this.api.request('POST', `/api/policies/${encodeURIComponent(policyId)}/acknowledgements`, { version, typedName: String(data.get('typedName') ?? ''), answers });
      this.notice = 'Signed. Thank you.';
      await Promise.all([this.#load(), this.renderRoot.querySelector('lms-todo-list')?.reload()]);
    } catch (error) {
      const message = error instanceof ApiError ? error.message : 'Could not sign. Try again.';
      this.signErrors = { ...this.signErrors, [policyId]: { message, field: error instanceof ApiError ? error.field : undefined } };
    } finally {
      this.busy = null;
    }
  }

  #renderCompetencies() {
    const c = this.competencies;
    if (!c || !c.competencies.length) return nothing;
    return html`<section class="card" aria-labelledby="comp-h">
      <h2 id="comp-h">My competencies</h2>
      <p class="muted">${c.person.jobRole ? `What ${c.person.jobRole}${c.person.jobLevel ? ` ${c.person.jobLevel}` : ''} needs, and where you are.` : 'Your levels from assessments, ratings and recorded activity.'}</p>
      <table class="stack" aria-labelledby="comp-h">
        <thead><tr><th scope="col">Competency</th><th scope="col">Your level</th><th scope="col">Needed</th><th scope="col">Evidence</th></tr></thead>
        <tbody>
          ${c.competencies.map(
            (x) => html`<tr>
              <td>${x.name}<br /><span class="muted">${x.frameworkName}</span></td>
              <td>${x.levelName ?? html`<span class="muted">No evidence</span>`}</td>
              <td>${x.requiredName ?? '—'} ${x.gap > 0 ? html`<span class="badge overdue">${x.gap} below</span>` : nothing}</td>
              <td>${x.evidence.length ? html`<ul class="plain">${x.evidence.slice(0, 3).map((ev) => html`<li>${formatDate(ev.at)}: ${ev.detail}${ev.counts ? '' : ' (superseded)'}</li>`)}</ul>` : '—'}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }
}

customElements.define('lms-my-learning', LmsMyLearning);

declare global {
  interface HTMLElementTagNameMap {
    'lms-my-learning': LmsMyLearning;
  }
}
