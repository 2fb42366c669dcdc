/**
 * <lms-target-picker>: choose what a rule (or any assignment) is for by its name: a
 * learning path, a course, a policy, or an external activity by its web address. Lists
 * come from the same APIs as their own pages; archived courses are not offered. Fires
 * `pick` with `{ type, id, title }` (`id` empty until something is chosen).
 */
import { LitElement, css, html, nothing } from 'lit';
import type { Api } from '../api.js';
import { color, controlStyles } from '../theme.js';

export type TargetType = 'path' | 'package' | 'policy' | 'activity';

interface Item {
  id: string;
  title: string;
  archived?: boolean;
}

const TYPE_LABELS: Record<TargetType, string> = { path: 'Learning path', package: 'Course', policy: 'Policy', activity: 'External activity' };
const LIST_URL: Record<Exclude<TargetType, 'activity'>, string> = { path: '/api/paths', package: '/api/packages', policy: '/api/policies' };

export class LmsTargetPicker extends LitElement {
  static override properties = { api: { attribute: false }, type: { state: true }, items: { state: true }, chosen: { state: true }, loadError: { state: true } };
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
        min-width: 14rem;
      }
      .hint {
        font-weight: 400;
        font-size: 0.875rem;
      }
      /* Its selects look and size like the form's other controls (touch-sized at 390 px too). */
      select {
        font: inherit;
        min-height: 2.75rem;
        padding: 0.5rem 0.75rem;
        color: ${color.text};
        background: ${color.surface};
        border: 1px solid ${color.controlBorder};
        border-radius: 0.375rem;
        max-width: 100%;
      }
      select:focus-visible {
        outline: 3px solid ${color.accent};
        outline-offset: 2px;
      }
    `,
  ];

  declare api: Api;
  declare private type: TargetType;
  declare private items: Item[] | null;
  declare private chosen: string;
  declare private loadError: string | null;

  constructor() {
    super();
    this.type = 'path';
    this.items = null;
    this.chosen = '';
    this.loadError = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  /** Back to nothing chosen (after the form it sits in was sent). */
  reset(): void {
    this.chosen = '';
    this.#emit('', '');
  }

  async #load(): Promise<void> {
    this.items = null;
    this.loadError = null;
    if (this.type === 'activity') return;
    try {
      const { items } = await this.api.request<{ items: Item[] }>('GET', LIST_URL[this.type]);
      this.items = items.filter((i) => !i.archived).sort((a, b) => a.title.localeCompare(b.title));
    } catch {
      this.loadError = `Could not load the list of ${TYPE_LABELS[this.type].toLowerCase()}s.`;
    }
  }

  override render() {
    return html`
      <label
        >Kind
        <select name="targetType" @change=${this.#typeChanged}>
          ${(Object.keys(TYPE_LABELS) as TargetType[]).map((t) => html`<option value=${t} ?selected=${t === this.type}>${TYPE_LABELS[t]}</option>`)}
        </select>
      </label>
      ${this.type === 'activity'
        ? html`<label
            >Activity address (URL)
            <span class="hint">The address the external tool records it under, such as https://vendor.example/courses/fire-safety</span>
            <input name="targetId" type="url" required .value=${this.chosen} @change=${this.#addressChanged} />
          </label>`
        : html`<label
            >${TYPE_LABELS[this.type]}
            <select name="targetId" required @change=${this.#itemChanged}>
              <option value="" ?selected=${!this.chosen}>${this.items === null ? 'Loading…' : `Choose a ${TYPE_LABELS[this.type].toLowerCase()}`}</option>
              ${(this.items ?? []).map((i) => html`<option value=${i.id} ?selected=${i.id === this.chosen}>${i.title}</option>`)}
            </select>
            ${this.items?.length === 0 ? html`<span class="hint">There are none yet.</span>` : nothing}
            ${this.loadError ? html`<span class="hint" role="alert">${this.loadError}</span>` : nothing}
          </label>`}
    `;
  }

  #typeChanged(e: Event): void {
    this.type = (e.target as HTMLSelectElement).value as TargetType;
    this.chosen = '';
    this.#emit('', '');
    void this.#load();
  }

  #itemChanged(e: Event): void {
    this.chosen = (e.target as HTMLSelectElement).value;
    this.#emit(this.chosen, this.items?.find((i) => i.id === this.chosen)?.title ?? '');
  }

  #addressChanged(e: Event): void {
    this.chosen = (e.target as HTMLInputElement).value.trim();
    this.#emit(this.chosen, '');
  }

  #emit(id: string, title: string): void {
    this.dispatchEvent(new CustomEvent('pick', { detail: { type: this.type, id, title } }));
  }
}

customElements.define('lms-target-picker', LmsTargetPicker);

declare global {
  interface HTMLElementTagNameMap {
    'lms-target-picker': LmsTargetPicker;
  }
}
