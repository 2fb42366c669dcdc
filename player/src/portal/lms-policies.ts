/**
 * <lms-policies>: HR publishes policies and new versions (text, optional comprehension
 * quiz) and sees who signed the current version and who still must.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from './api.js';
import { formatDate, learningStyles } from './learning-styles.js';
import type { PolicyView } from './learning-types.js';
import { controlStyles } from './theme.js';
import { StackedTableLabels, stackedTableStyles } from './stacked-table.js';

interface QuestionDraft {
  text: string;
  choices: string;
  correct: number;
}

interface Signatures {
  version: number;
  signed: Array<{ personId: string; name: string; typedName: string; signedAt: string; textHash: string }>;
  pending: Array<{ personId: string; name: string }>;
}

export class LmsPolicies extends LitElement {
  static override properties = {
    api: { attribute: false },
    policies: { state: true },
    selected: { state: true },
    signatures: { state: true },
    questions: { state: true },
    passMark: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [stackedTableStyles, controlStyles, learningStyles];

  declare api: Api;
  declare private policies: PolicyView[];
  declare private selected: PolicyView | null;
  declare private signatures: Signatures | null;
  declare private questions: QuestionDraft[];
  declare private passMark: number;
  declare private error: { message: string; field?: string } | null;
  declare private notice: string | null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.policies = [];
    this.selected = null;
    this.signatures = null;
    this.questions = [];
    this.passMark = 80;
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.policies = (await this.api.request<{ items: PolicyView[] }>('GET', '/api/policies')).items;
    } catch (error) {
      this.error = { message: error instanceof ApiError ? error.message : 'Could not load the policies.' };
    }
  }

  override render() {
    const s = this.selected;
    return html`
      <h1>Policies</h1>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      <section class="card" aria-labelledby="pol-list-h">
        <h2 id="pol-list-h">Published policies</h2>
        ${this.policies.length
          ? html`<table class="stack" aria-labelledby="pol-list-h">
              <thead><tr><th scope="col">Title</th><th scope="col">Current version</th><th scope="col">Published</th><th scope="col">Quiz</th></tr></thead>
              <tbody>
                ${this.policies.map(
                  (p) => html`<tr>
                    <td><button type="button" class="link" @click=${() => this.#select(p)}>${p.title}</button></td>
                    <td>${p.currentVersion}</td>
                    <td>${formatDate(p.publishedAt)}</td>
                    <td>${p.quiz ? `${p.quiz.questions.length} ${p.quiz.questions.length === 1 ? 'question' : 'questions'}` : '—'}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">No policies yet.</p>`}
        <div class="actions"><button type="button" class="secondary" @click=${() => this.#select(null)}>New policy</button></div>
      </section>
      ${s ? this.#renderSignatures(s) : nothing}
      <form class="card" @submit=${this.#publish} novalidate aria-labelledby="pol-form-h">
        <h2 id="pol-form-h">${s ? `Publish version ${s.currentVersion + 1} of “${s.title}”` : 'New policy'}</h2>
        ${s ? html`<p class="muted">Everyone who must sign will be asked to sign the new version.</p>` : nothing}
        <label class="field"
          >Title
          <input name="title" .value=${s?.title ?? ''} aria-invalid=${this.error?.field === 'title' ? 'true' : 'false'} />
        </label>
        <label class="field gap-above"
          >Policy text
          <textarea name="text" rows="10" .value=${s?.text ?? ''} aria-invalid=${this.error?.field === 'text' ? 'true' : 'false'}></textarea>
        </label>
        <fieldset class="gap-above">
          <legend>Comprehension quiz (optional)</legend>
          ${this.questions.map((q, i) => this.#renderQuestion(q, i))}
          <div class="row">
            ${this.questions.length
              ? html`<label class="field narrow"
                  >Pass mark %
                  <input type="number" min="0" max="100" .value=${String(this.passMark)} @input=${(e: Event) => (this.passMark = Number((e.target as HTMLInputElement).value))} />
                </label>`
              : nothing}
            <button type="button" class="secondary small" @click=${() => (this.questions = [...this.questions, { text: '', choices: '', correct: 0 }])}>Add question</button>
          </div>
        </fieldset>
        <div role="alert">${this.error ? html`<p class="error">${this.error.message}</p>` : nothing}</div>
        <div class="actions"><button type="submit" class="primary">${s ? 'Publish new version' : 'Publish policy'}</button></div>
      </form>
    `;
  }

  #renderQuestion(q: QuestionDraft, i: number) {
    const choices = q.choices.split('\n').map((c) => c.trim()).filter(Boolean);
    const set = (patch: Partial<QuestionDraft>) => (this.questions = this.questions.map((x, k) => (k === i ? { ...x, ...patch } : x)));
    const invalid = this.error?.field?.startsWith(`quiz.questions.${i}`);
    return html`<div class="question" aria-invalid=${invalid ? 'true' : 'false'}>
      <label class="field">Question ${i + 1} <input .value=${q.text} @input=${(e: Event) => set({ text: (e.target as HTMLInputElement).value })} /></label>
      <div class="row">
        <label class="field">Choices, one per line <textarea rows="3" class="short" .value=${q.choices} @input=${(e: Event) => set({ choices: (e.target as HTMLTextAreaElement).value })}></textarea></label>
        <label class="field"
          >Right answer
          <select @change=${(e: Event) => set({ correct: Number((e.target as HTMLSelectElement).value) })}>
            ${choices.map((c, k) => html`<option value=${k} ?selected=${k === q.correct}>${c}</option>`)}
          </select>
        </label>
        <button type="button" class="secondary small" @click=${() => (this.questions = this.questions.filter((_, k) => k !== i))}>Remove question</button>
      </div>
    </div>`;
  }

  #renderSignatures(p: PolicyView) {
    const sig = this.signatures;
    return html`<section class="card" aria-labelledby="sig-h">
      <h2 id="sig-h">“${p.title}”: signatures of version ${p.currentVersion}</h2>
      <p class="muted">Text fingerprint (SHA-256): <code>${p.textHash}</code>. Versions: ${p.versions.map((v) => `${v.version} (${formatDate(v.publishedAt)})`).join(', ')}.</p>
      ${sig
        ? html`<div class="row top">
            <div class="col">
              <h3>Signed (${sig.signed.length})</h3>
              ${sig.signed.length
                ? html`<table class="stack">
                    <thead><tr><th scope="col">Person</th><th scope="col">Typed name</th><th scope="col">Signed</th></tr></thead>
                    <tbody>${sig.signed.map((a) => html`<tr><td>${a.name}</td><td>${a.typedName}</td><td>${new Date(a.signedAt).toLocaleString()}</td></tr>`)}</tbody>
                  </table>`
                : html`<p class="muted">Nobody yet.</p>`}
            </div>
            <div class="col">
              <h3>Still to sign (${sig.pending.length})</h3>
              ${sig.pending.length ? html`<ul>${sig.pending.map((x) => html`<li>${x.name}</li>`)}</ul>` : html`<p class="muted">Nobody.</p>`}
            </div>
          </div>`
        : html`<p class="muted">Loading…</p>`}
    </section>`;
  }

  async #select(p: PolicyView | null): Promise<void> {
    this.selected = p;
    this.signatures = null;
    this.error = null;
    this.notice = null;
    this.questions = (p?.quiz?.questions ?? []).map((q) => ({ text: q.text, choices: q.choices.join('\n'), correct: q.correct ?? 0 }));
    this.passMark = Math.round((p?.quiz?.passMark ?? 0.8) * 100);
    if (p) {
      try {
        this.signatures = await this.api.request<Signatures>('GET', `/api/policies/${p.id}/signatures`);
      } catch (error) {
        this.error = { message: error instanceof ApiError ? error.message : 'Could not load the signatures.' };
      }
    }
  }

  async #publish(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const title = form.querySelector<HTMLInputElement>('input[name=title]')!.value;
    const text = form.querySelector<HTMLTextAreaElement>('textarea[name=text]')!.value;
    const body: Record<string, unknown> = { title, text };
    if (this.questions.length) {
      body.quiz = {
        passMark: this.passMark / 100,
        questions: this.questions.map((q) => ({ text: q.text, choices: q.choices.split('\n').map((c) => c.trim()).filter(Boolean), correct: q.correct })),
      };
    }
    this.error = null;
    try {
      const saved = this.selected
        ? await this.api.request<PolicyView>('POST', `/api/policies/${this.selected.id}/versions`, body)
        : await this.api.request<PolicyView>('POST', '/api/policies', body);
      await this.#load();
      await this.#select(this.policies.find((p) => p.id === saved.id) ?? saved);
      this.notice = `Published “${saved.title}” version ${saved.version}.`;
    } catch (error) {
      this.error = { message: error instanceof ApiError ? error.message : 'Could not publish.', field: error instanceof ApiError ? error.field : undefined };
    }
  }
}

customElements.define('lms-policies', LmsPolicies);

declare global {
  interface HTMLElementTagNameMap {
    'lms-policies': LmsPolicies;
  }
}
