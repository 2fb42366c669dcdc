/**
 * <lms-new-client-secret>: the one time a new LRS client's secret is shown, with its key
 * and the address the tool sends to. The LMS keeps only a hash of the secret, so the admin
 * must copy it now; "Done" forgets it (fires `secret-done`).
 */
import { LitElement, css, html } from 'lit';
import { color, controlStyles } from '../theme.js';
import { hrStyles } from '../hr/hr-styles.js';

export class LmsNewClientSecret extends LitElement {
  static override properties = {
    key: { attribute: false },
    name: { attribute: false },
    secret: { attribute: false },
    endpoint: {},
    copied: { state: true },
  };

  static override styles = [
    controlStyles,
    hrStyles,
    css`
      section {
        border: 2px solid ${color.accent};
        background: #eef2ff;
        border-radius: 0.5rem;
        padding: 1rem;
        margin: 0 0 1.5rem;
      }
      h2:focus {
        outline: none;
      }
      .warning {
        font-weight: 700;
        margin: 0.5rem 0 1rem;
      }
      .field {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
        margin-bottom: 0.75rem;
      }
      .field label {
        flex: 1 1 16rem;
      }
      input[readonly] {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 0.875rem;
      }
    `,
  ];

  declare key: string;
  declare name: string;
  declare secret: string;
  declare endpoint: string;
  declare private copied: string;

  constructor() {
    super();
    this.copied = '';
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  override render() {
    return html`<section aria-labelledby="secret-title">
      <h2 id="secret-title" tabindex="-1">${this.name} is connected: copy its secret now</h2>
      <p class="warning">Copy it now, it will not be shown again. The LMS keeps only a scrambled form of it; if it is lost, revoke this client and create a new one.</p>
      ${this.#field('Address the tool sends to (xAPI endpoint)', this.endpoint)}
      ${this.#field('Key (user name)', this.key)}
      ${this.#field('Secret (password)', this.secret)}
      <p role="status">${this.copied}</p>
      <button class="primary" type="button" @click=${() => this.dispatchEvent(new CustomEvent('secret-done', { bubbles: true, composed: true }))}>Done, I have copied it</button>
    </section>`;
  }

  #field(label: string, value: string) {
    return html`<div class="field">
      <label>${label} <input type="text" readonly .value=${value} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} /></label>
      <button class="secondary" type="button" aria-label=${`Copy ${label}`} @click=${() => this.#copy(label, value)}>Copy</button>
    </div>`;
  }

  async #copy(label: string, value: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.copied = `Copied the ${label.toLowerCase()}.`;
    } catch {
      this.copied = 'This browser did not allow copying: select the text and copy it yourself.';
    }
  }
}

customElements.define('lms-new-client-secret', LmsNewClientSecret);

declare global {
  interface HTMLElementTagNameMap {
    'lms-new-client-secret': LmsNewClientSecret;
  }
}
