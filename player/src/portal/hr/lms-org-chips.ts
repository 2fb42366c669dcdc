/**
 * <lms-org-chips>: choose several values from a managed list (departments, locations, job
 * roles, levels) as chips. Type to filter (the browser's own suggestion list), Enter or
 * picking a suggestion adds it; each chip has a remove button. Only values on the list are
 * taken: a rule naming anything else would match nobody. Fires `change` with the values.
 */
import { LitElement, css, html, nothing } from 'lit';
import { color, controlStyles } from '../theme.js';

let seq = 0;

export class LmsOrgChips extends LitElement {
  static override properties = { label: {}, options: { attribute: false }, values: { attribute: false }, problem: { state: true } };
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        flex: 1 1 12rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
      }
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        list-style: none;
        margin: 0.25rem 0 0;
        padding: 0;
      }
      li {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        border: 1px solid currentColor;
        border-radius: 1rem;
        padding: 0 0.25rem 0 0.6rem;
      }
      li button {
        min-height: 1.75rem;
        padding: 0 0.4rem;
      }
      .problem {
        color: ${color.danger};
        font-size: 0.875rem;
        margin: 0.25rem 0 0;
      }
    `,
  ];

  declare label: string;
  declare options: string[];
  declare values: string[];
  declare private problem: string;
  readonly #listId = `org-${++seq}`;

  constructor() {
    super();
    this.label = '';
    this.options = [];
    this.values = [];
    this.problem = '';
  }

  override render() {
    const left = this.options.filter((o) => !this.values.includes(o));
    return html`<label
        >${this.label}
        <input
          type="search"
          autocomplete="off"
          list=${this.#listId}
          placeholder=${this.options.length ? 'Type to choose' : 'None on the list yet'}
          aria-invalid=${this.problem ? 'true' : 'false'}
          @keydown=${this.#key}
          @input=${this.#typed}
          @change=${(e: Event) => this.#add(e.target as HTMLInputElement, false)}
        />
        <datalist id=${this.#listId}>${left.map((o) => html`<option value=${o}></option>`)}</datalist>
      </label>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      ${this.values.length
        ? html`<ul>
            ${this.values.map((v) => html`<li>${v}<button type="button" class="secondary" aria-label=${`Remove ${v}`} @click=${() => this.#remove(v)}>×</button></li>`)}
          </ul>`
        : nothing}`;
  }

  /** Clears the chips (after the form is submitted). */
  reset(): void {
    this.values = [];
    this.problem = '';
  }

  #key(e: KeyboardEvent): void {
    if (e.key !== 'Enter') return;
    // Enter adds a chip; it does not submit the form around the picker.
    e.preventDefault();
    this.#add(e.target as HTMLInputElement, true);
  }

  #typed(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.problem = '';
    // A suggestion picked from the list arrives as one input event with the whole value.
    if ((e as InputEvent).inputType === 'insertReplacementText' || !(e as InputEvent).inputType) {
      if (this.options.includes(input.value.trim())) this.#add(input, false);
    }
  }

  #add(input: HTMLInputElement, explicit: boolean): void {
    const text = input.value.trim();
    if (!text) return;
    const hit = this.options.find((o) => o === text) ?? this.options.find((o) => o.toLowerCase() === text.toLowerCase());
    if (!hit) {
      if (explicit) this.problem = `“${text}” is not on the list. Add it under People › Organisation first.`;
      return;
    }
    input.value = '';
    if (this.values.includes(hit)) return;
    this.values = [...this.values, hit];
    this.dispatchEvent(new CustomEvent('change', { detail: this.values }));
  }

  #remove(v: string): void {
    this.values = this.values.filter((x) => x !== v);
    this.dispatchEvent(new CustomEvent('change', { detail: this.values }));
  }
}

customElements.define('lms-org-chips', LmsOrgChips);
