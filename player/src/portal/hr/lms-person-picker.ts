/**
 * <lms-person-picker>: choose one person by typing part of their name, email or employee
 * id (the directory has thousands, too many for a list). Fires `pick` with `{ id, name }`,
 * or `{ id: '' }` when the field is cleared.
 */
import { LitElement, css, html } from 'lit';
import type { Api } from '../api.js';
import { controlStyles } from '../theme.js';

interface Suggestion {
  id: string;
  name: string;
  email: string;
}

let seq = 0;

export class LmsPersonPicker extends LitElement {
  static override properties = { api: { attribute: false }, label: {}, value: {}, hint: {}, invalid: { type: Boolean }, options: { state: true } };
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
      }
      .hint {
        font-weight: 400;
        font-size: 0.875rem;
      }
    `,
  ];

  declare api: Api;
  declare label: string;
  /** The chosen person's name, shown in the field. */
  declare value: string;
  declare hint: string;
  declare invalid: boolean;
  declare private options: Suggestion[];
  readonly #listId = `people-${++seq}`;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.label = 'Person';
    this.value = '';
    this.hint = '';
    this.invalid = false;
    this.options = [];
  }

  override render() {
    return html`<label
      >${this.label}
      ${this.hint ? html`<span class="hint">${this.hint}</span>` : ''}
      <input
        type="search"
        autocomplete="off"
        list=${this.#listId}
        .value=${this.value}
        aria-invalid=${this.invalid ? 'true' : 'false'}
        placeholder="Type a name or email"
        @input=${this.#typed}
        @change=${this.#chosen}
      />
      <datalist id=${this.#listId}>${this.options.map((o) => html`<option value=${this.#labelOf(o)}></option>`)}</datalist>
    </label>`;
  }

  #labelOf(o: Suggestion): string {
    return `${o.name} (${o.email})`;
  }

  #typed(e: Event): void {
    const input = e.target as HTMLInputElement;
    const q = input.value.trim();
    clearTimeout(this.#timer);
    if (this.#match(q)) return this.#pick(q);
    if (q.length < 2) return;
    // A pasted or autofilled "Name (email)" is looked up by its email.
    const term = /\(([^()]+@[^()]+)\)$/.exec(q)?.[1] ?? q;
    // Wait for a pause in typing: one query, not one per key.
    this.#timer = setTimeout(() => {
      void this.api
        .request<{ items: Suggestion[] }>('GET', `/api/users?kind=all&status=active&limit=10&q=${encodeURIComponent(term)}`)
        .then((r) => {
          this.options = r.items;
          // The event's target is gone by now (shadow DOM): read the field itself.
          if (input.value.trim() === q && this.#match(q)) this.#pick(q);
        })
        .catch(() => (this.options = []));
    }, 200);
  }

  #match(text: string): Suggestion | undefined {
    return this.options.find((o) => this.#labelOf(o) === text);
  }

  #chosen(e: Event): void {
    this.#pick((e.target as HTMLInputElement).value.trim());
  }

  #pick(text: string): void {
    if (!text) {
      this.dispatchEvent(new CustomEvent('pick', { detail: { id: '', name: '' } }));
      return;
    }
    const hit = this.#match(text);
    if (hit) this.dispatchEvent(new CustomEvent('pick', { detail: { id: hit.id, name: hit.name } }));
  }
}

customElements.define('lms-person-picker', LmsPersonPicker);
