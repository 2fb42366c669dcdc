/**
 * <lms-observe>: a manager or assessor records an observed performance on a phone (390 px
 * wide): each criterion as a large Pass / Not yet choice with an optional comment, an
 * optional 1-5 rating and an overall comment. The server writes it to the LRS.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { learningStyles } from '../learning-styles.js';
import { controlStyles } from '../theme.js';
import { EVIDENCE_ACCEPT, type FormView } from './blended-types.js';

export class LmsObserve extends LitElement {
  static override properties = {
    api: { attribute: false },
    formId: { attribute: false },
    personId: { attribute: false },
    pathId: { attribute: false },
    form: { state: true },
    personName: { state: true },
    error: { state: true },
    saved: { state: true },
  };

  static override styles = [
    controlStyles,
    learningStyles,
    css`
      fieldset.criterion {
        border: 1px solid currentColor;
        border-radius: 0.5rem;
        padding: 0.75rem;
        margin: 0 0 0.75rem;
      }
      .choices {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.5rem;
      }
      .choices label {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 2.75rem;
        padding: 0 0.75rem;
        border: 1px solid currentColor;
        border-radius: 0.375rem;
      }
      .choices input {
        flex: none;
        width: 1.25rem;
        height: 1.25rem;
        min-height: 1.25rem;
      }
      input,
      textarea,
      select,
      button {
        max-width: 100%;
        box-sizing: border-box;
      }
    `,
  ];

  declare api: Api;
  declare formId: string;
  declare personId: string;
  declare pathId: string;
  declare private form: FormView | null;
  declare private personName: string;
  declare private error: { message: string; field?: string } | null;
  declare private saved: { passed: boolean } | null;

  constructor() {
    super();
    this.form = null;
    this.personName = '';
    this.error = null;
    this.saved = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.form = await this.api.request<FormView>('GET', `/api/blended/observation-forms/${encodeURIComponent(this.formId)}`);
    } catch (err) {
      this.error = { message: err instanceof ApiError ? err.message : 'Could not load the form.' };
      return;
    }
    try {
      this.personName = (await this.api.request<{ name: string }>('GET', `/api/users/${encodeURIComponent(this.personId)}`)).name;
    } catch {
      // An assessor outside the manager chain cannot read the profile: the name stays unknown.
      this.personName = 'this person';
    }
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const form = this.form!;
    const rating = String(f.get('rating') ?? '');
    const comment = String(f.get('comment') ?? '').trim();
    const body = {
      personId: this.personId,
      ...(this.pathId ? { pathId: this.pathId } : {}),
      results: form.criteria.map((c) => {
        const note = String(f.get(`comment-${c.id}`) ?? '').trim();
        return { criterionId: c.id, outcome: String(f.get(`outcome-${c.id}`) ?? ''), ...(note ? { comment: note } : {}) };
      }),
      ...(rating ? { rating: Number(rating) } : {}),
      ...(comment ? { comment } : {}),
    };
    const missing = form.criteria.find((c) => !f.get(`outcome-${c.id}`));
    if (missing) {
      this.error = { message: `Choose Pass or Not yet for “${missing.text}”.`, field: `outcome-${missing.id}` };
      return;
    }
    try {
      this.error = null;
      const url = `/api/blended/observation-forms/${encodeURIComponent(form.id)}/observations`;
      const file = f.get('evidence');
      // With a file: multipart, the observation's JSON in the field `data`.
      let payload: unknown = body;
      if (file instanceof File && file.size > 0) {
        const multipart = new FormData();
        multipart.append('data', JSON.stringify(body));
        multipart.append('evidence', file);
        payload = multipart;
      }
      this.saved = await this.api.request<{ passed: boolean }>('POST', url, payload);
    } catch (err) {
      this.error = { message: err instanceof ApiError ? err.message : 'Could not save.', ...(err instanceof ApiError && err.field ? { field: err.field } : {}) };
    }
  }

  override render() {
    const form = this.form;
    if (this.saved)
      return html`<h1>Observation saved</h1>
        <p role="status" class="notice">${this.personName}: ${this.saved.passed ? 'passed' : 'not yet'}. It is in their learning record.</p>
        <a href="#/blended">Back to tasks & sessions</a>`;
    if (!form) return html`<h1>Observation</h1>${this.error ? html`<p class="field-error" role="alert">${this.error.message}</p>` : html`<p class="muted">Loading…</p>`}`;
    return html`
      <h1>${form.title}</h1>
      <p class="muted">Observing ${this.personName}</p>
      <form @submit=${(e: SubmitEvent) => this.#submit(e)} @change=${() => this.error?.field?.startsWith('outcome-') && (this.error = null)} novalidate>
        ${form.criteria.map(
          (c) => html`<fieldset class="criterion" aria-invalid=${this.error?.field === `outcome-${c.id}` ? 'true' : 'false'}>
            <legend>${c.text}</legend>
            <div class="choices">
              <label><input type="radio" name=${`outcome-${c.id}`} value="pass" /> Pass</label>
              <label><input type="radio" name=${`outcome-${c.id}`} value="not_yet" /> Not yet</label>
            </div>
            <label class="field gap-above">Comment <input name=${`comment-${c.id}`} aria-label=${`Comment on ${c.text}`} /></label>
          </fieldset>`,
        )}
        <label class="field"
          >Rating (optional)
          <select name="rating">
            <option value="">No rating</option>
            ${[1, 2, 3, 4, 5].map((n) => html`<option value=${n}>${n}</option>`)}
          </select>
        </label>
        <label class="field gap-above">Overall comment <textarea name="comment" rows="3"></textarea></label>
        <label class="field gap-above">Evidence file (optional) <input type="file" name="evidence" accept=${EVIDENCE_ACCEPT} /></label>
        ${this.error ? html`<p class="field-error" role="alert">${this.error.message}</p>` : nothing}
        <button type="submit" class="primary gap-above">Save observation</button>
      </form>
    `;
  }
}

customElements.define('lms-observe', LmsObserve);
