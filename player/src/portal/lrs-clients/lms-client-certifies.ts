/**
 * <lms-client-certifies>: one LRS client's "May certify" list, which HR edits: the
 * activities whose completions from this client count toward requirements. HR picks from
 * the external activity requirements it already has or types an address; nothing is sent
 * until Save, and the server's refusal is shown next to the entry it names.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { color, controlStyles } from '../theme.js';
import { hrStyles } from '../hr/hr-styles.js';
import { activityAddressProblem } from './activity-address.js';
import type { ActivitySuggestion, LrsClientView } from './lrs-client-types.js';
import { fieldIndex, plainFieldMessage } from './server-message.js';

export class LmsClientCertifies extends LitElement {
  static override properties = {
    api: { attribute: false },
    client: { attribute: false },
    suggestions: { attribute: false },
    draft: { state: true },
    addError: { state: true },
    entryErrors: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  static override styles = [
    controlStyles,
    hrStyles,
    css`
      h4 {
        font-size: 1rem;
        margin: 1rem 0 0.25rem;
      }
      p {
        margin: 0 0 0.5rem;
      }
      ul.allowed {
        list-style: none;
        padding: 0;
        margin: 0 0 0.75rem;
      }
      ul.allowed li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.375rem 0;
        border-bottom: 1px solid ${color.border};
      }
      .address {
        overflow-wrap: anywhere;
        font-size: 0.875rem;
        color: ${color.muted};
      }
      .entry {
        flex: 1 1 14rem;
        min-width: 0;
      }
      .field-error {
        flex-basis: 100%;
        color: ${color.danger};
        font-weight: 600;
        margin: 0.25rem 0 0;
      }
      button.small {
        min-height: 2.75rem;
        padding: 0.25rem 0.75rem;
      }
      .row > button {
        flex: 0 1 auto;
        max-width: 100%;
      }
      .changed {
        font-weight: 600;
      }
    `,
  ];

  declare api: Api;
  declare client: LrsClientView;
  declare suggestions: ActivitySuggestion[];
  declare private draft: string[] | null;
  declare private addError: string | null;
  declare private entryErrors: Map<number, string>;
  declare private error: string | null;
  declare private notice: string | null;
  declare private busy: boolean;

  constructor() {
    super();
    this.suggestions = [];
    this.draft = null;
    this.addError = null;
    this.entryErrors = new Map();
    this.error = null;
    this.notice = null;
    this.busy = false;
  }

  /** The list as edited (the saved one until HR changes something). */
  get #list(): string[] {
    return this.draft ?? this.client.certifies;
  }

  get #changed(): boolean {
    return this.draft !== null && this.draft.join('\n') !== this.client.certifies.join('\n');
  }

  #title(id: string): string | undefined {
    return this.suggestions.find((s) => s.id === id)?.title;
  }

  override render() {
    const list = this.#list;
    const name = this.client.name;
    const editable = this.client.active;
    const offered = this.suggestions.filter((s) => !list.includes(s.id));
    return html`
      <h4>May certify</h4>
      <p class="muted">Completions ${name} sends count toward requirements only for these activities; anything else it sends is kept but changes no one’s compliance.</p>
      ${list.length
        ? html`<ul class="allowed" aria-label=${`Activities ${name} may certify`}>
            ${list.map((id, i) => this.#entry(id, i, editable))}
          </ul>`
        : html`<p class="muted">None yet: nothing ${name} sends counts toward a requirement.</p>`}
      ${editable
        ? html`
            ${offered.length
              ? html`<form class="row" @submit=${this.#addPicked}>
                  <label>Requirement to allow
                    <select name="picked">
                      ${offered.map((s) => html`<option value=${s.id}>${s.title}</option>`)}
                    </select></label>
                  <button class="secondary" type="submit">Add requirement</button>
                </form>`
              : nothing}
            <form class="row" novalidate @submit=${this.#addTyped}>
              <label>${offered.length ? 'Or an activity address (URL)' : 'Activity address (URL)'}
                <input name="address" type="text" inputmode="url" autocomplete="off" spellcheck="false" placeholder="https://vendor.example/courses/fire-safety"
                  aria-invalid=${this.addError ? 'true' : 'false'} aria-describedby="add-error" @input=${() => (this.addError = null)} /></label>
              <button class="secondary" type="submit">Add address</button>
              <p id="add-error" class="field-error" ?hidden=${!this.addError}>${this.addError ?? ''}</p>
            </form>
            <div class="row">
              <button class="primary" type="button" ?disabled=${this.busy || !this.#changed} @click=${this.#save}>Save what ${name} may certify</button>
              ${this.#changed ? html`<span class="changed">Not saved yet</span>` : nothing}
            </div>
          `
        : nothing}
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
    `;
  }

  #entry(id: string, i: number, editable: boolean) {
    const title = this.#title(id);
    const problem = this.entryErrors.get(i);
    return html`<li>
      <span class="entry" id=${`entry-${i}`}>${title ? html`<strong>${title}</strong><br />` : nothing}<span class="address">${id}</span></span>
      ${editable
        ? html`<button class="secondary small" type="button" aria-label=${`Remove ${title ?? id}`} @click=${() => this.#remove(i)}>Remove</button>`
        : nothing}
      ${problem ? html`<p class="field-error" id=${`entry-error-${i}`}>${problem}</p>` : nothing}
    </li>`;
  }

  #edit(next: string[]): void {
    this.draft = next;
    this.entryErrors = new Map();
    this.error = null;
    this.notice = null;
  }

  #addPicked(event: SubmitEvent): void {
    event.preventDefault();
    const id = new FormData(event.target as HTMLFormElement).get('picked')?.toString() ?? '';
    if (id && !this.#list.includes(id)) this.#edit([...this.#list, id]);
  }

  #addTyped(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const input = form.elements.namedItem('address') as HTMLInputElement;
    const value = input.value.trim();
    this.addError = activityAddressProblem(value);
    if (this.addError) {
      input.focus();
      return;
    }
    if (!this.#list.includes(value)) this.#edit([...this.#list, value]);
    form.reset();
  }

  #remove(i: number): void {
    this.#edit(this.#list.filter((_, j) => j !== i));
  }

  async #save(): Promise<void> {
    const activityIds = this.#list;
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      const saved = await this.api.request<{ key: string; certifies: string[] }>('PUT', `/api/lrs/clients/${encodeURIComponent(this.client.key)}/certifies`, { activityIds });
      this.draft = null;
      this.entryErrors = new Map();
      this.notice = saved.certifies.length ? `Saved: ${this.client.name} may certify ${saved.certifies.length} ${saved.certifies.length === 1 ? 'activity' : 'activities'}.` : `Saved: ${this.client.name} certifies nothing.`;
      this.dispatchEvent(new CustomEvent('certifies-saved', { detail: saved, bubbles: true, composed: true }));
    } catch (err) {
      const at = err instanceof ApiError ? fieldIndex(err.field, 'activityIds') : null;
      if (err instanceof ApiError && at !== null && at < activityIds.length) {
        this.entryErrors = new Map([[at, plainFieldMessage(err.message)]]);
        this.error = 'Nothing was saved: one address was refused (see the list).';
      } else {
        this.error = err instanceof ApiError ? err.message : 'Something went wrong. Please try again.';
      }
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-client-certifies', LmsClientCertifies);

declare global {
  interface HTMLElementTagNameMap {
    'lms-client-certifies': LmsClientCertifies;
  }
}
