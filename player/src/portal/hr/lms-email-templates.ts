/**
 * <lms-email-templates>: HR edits the words of the assignment, reminder and escalation emails. Each
 * kind shows what it is for, the placeholders it fills in, its subject and text, with
 * Save and "Use the default"; a refusal is shown beside the field it names.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { hrStyles } from './hr-styles.js';
import { learningStyles } from '../learning-styles.js';

interface TemplateView {
  kind: string;
  purpose: string;
  placeholders: string[];
  subject: string;
  text: string;
  customised: boolean;
  updatedAt?: string;
}

export class LmsEmailTemplates extends LitElement {
  static override properties = { api: { attribute: false }, items: { state: true }, errors: { state: true }, notice: { state: true }, busy: { state: true } };
  static override styles = [
    controlStyles,
    hrStyles,
    learningStyles,
    css`
      article {
        margin-bottom: 1.5rem;
      }
      input,
      textarea {
        font-weight: 400;
      }
      textarea {
        width: 100%;
        min-height: 7rem;
        font-family: inherit;
      }
      input[name='subject'] {
        width: 100%;
      }
      code {
        font-size: 0.875rem;
      }
    `,
  ];

  declare api: Api;
  declare private items: TemplateView[] | null;
  /** By kind: the refusal and the field it names. */
  declare private errors: Record<string, { message: string; field?: string }>;
  declare private notice: string | null;
  declare private busy: string | null;

  constructor() {
    super();
    this.items = null;
    this.errors = {};
    this.notice = null;
    this.busy = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api
      .request<{ items: TemplateView[] }>('GET', '/api/email-templates')
      .then((r) => (this.items = r.items))
      .catch((err) => (this.errors = { all: { message: err instanceof ApiError ? err.message : 'Could not load the templates.' } }));
  }

  override render() {
    return html`
      <h1>Email templates</h1>
      <p class="muted">The words of the emails people get when something is assigned to them, and of the reminders (sent by email and in the app). Words in braces, such as <code>{title}</code>, are filled in for each email.</p>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.errors.all ? html`<p class="error" role="alert">${this.errors.all.message}</p>` : nothing}
      ${this.items === null ? html`<p class="muted">Loading…</p>` : this.items.map((t) => this.#renderTemplate(t))}
    `;
  }

  #renderTemplate(t: TemplateView) {
    const err = this.errors[t.kind];
    const id = `tpl-${t.kind}`;
    return html`<article class="card" aria-labelledby=${id} data-kind=${t.kind}>
      <h2 id=${id}>${t.purpose}</h2>
      <p class="muted">${t.customised ? 'Your wording' : 'The default wording'}. It can use ${t.placeholders.map((p, i) => html`${i ? ', ' : ''}<code>{${p}}</code>`)}.</p>
      <form @submit=${(e: SubmitEvent) => this.#save(e, t.kind)} novalidate>
        <label class="field"
          >Subject
          <input name="subject" .value=${t.subject} aria-invalid=${err?.field === 'subject' ? 'true' : 'false'} aria-describedby=${`${id}-err`} />
        </label>
        <label class="field"
          >Text
          <textarea name="text" .value=${t.text} aria-invalid=${err?.field === 'text' ? 'true' : 'false'} aria-describedby=${`${id}-err`}></textarea>
        </label>
        <div id=${`${id}-err`} role="alert">${err ? html`<p class="field-error error">${err.message}</p>` : nothing}</div>
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy === t.kind}>Save</button>
          ${t.customised ? html`<button class="secondary" type="button" @click=${() => this.#reset(t.kind)} ?disabled=${this.busy === t.kind}>Use the default</button>` : nothing}
        </div>
      </form>
    </article>`;
  }

  async #save(e: SubmitEvent, kind: string): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    await this.#send(kind, 'PUT', { subject: String(form.get('subject') ?? ''), text: String(form.get('text') ?? '') }, 'Saved. The next emails of this kind use it.');
  }

  async #reset(kind: string): Promise<void> {
    await this.#send(kind, 'DELETE', undefined, 'Back to the default wording.');
  }

  async #send(kind: string, method: 'PUT' | 'DELETE', body: unknown, done: string): Promise<void> {
    this.busy = kind;
    this.notice = null;
    this.errors = { ...this.errors, [kind]: undefined! };
    try {
      this.items = (await this.api.request<{ items: TemplateView[] }>(method, `/api/email-templates/${kind}`, body)).items;
      this.notice = done;
    } catch (err) {
      this.errors = { ...this.errors, [kind]: err instanceof ApiError ? { message: err.message, field: err.field } : { message: 'Could not save. Try again.' } };
    } finally {
      this.busy = null;
    }
  }
}

customElements.define('lms-email-templates', LmsEmailTemplates);

declare global {
  interface HTMLElementTagNameMap {
    'lms-email-templates': LmsEmailTemplates;
  }
}
