/**
 * <lms-scim-tokens>: the bearer tokens identity providers (Okta, Entra) use to provision
 * people over SCIM. Admins create one (shown once, with the SCIM base URL to paste into
 * the provider), see when each was last used, and revoke one.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { color, controlStyles } from '../theme.js';
import { formatDate, hrStyles } from '../hr/hr-styles.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

interface ScimTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string;
}

export class LmsScimTokens extends LitElement {
  static override properties = {
    api: { attribute: false },
    tokens: { state: true },
    created: { state: true },
    confirming: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  static override styles = [
    stackedTableStyles,
    controlStyles,
    hrStyles,
    css`
      .card {
        background: ${color.surface};
        border: 1px solid ${color.border};
        border-radius: 0.5rem;
        padding: 1rem;
        margin: 0 0 1rem;
      }
      .once {
        border: 2px solid ${color.accent};
        background: #eef2ff;
        border-radius: 0.5rem;
        padding: 1rem;
        margin: 0 0 1.5rem;
      }
      .once h3:focus {
        outline: none;
      }
      .warning {
        font-weight: 700;
      }
      input[readonly] {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 0.875rem;
        width: 100%;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.5rem;
        border-bottom: 1px solid ${color.border};
      }
      .confirm {
        border: 1px solid ${color.danger};
        background: ${color.dangerBg};
        border-radius: 0.375rem;
        padding: 0.5rem 0.75rem;
      }
      button.danger {
        background: ${color.danger};
        color: #fff;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
    `,
  ];

  declare api: Api;
  declare private tokens: ScimTokenView[] | null;
  declare private created: { name: string; token: string } | null;
  declare private confirming: string | null;
  declare private error: string | null;
  declare private notice: string | null;
  declare private busy: boolean;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.tokens = null;
    this.created = null;
    this.confirming = null;
    this.error = null;
    this.notice = null;
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.tokens = (await this.api.request<{ items: ScimTokenView[] }>('GET', '/api/scim/tokens')).items;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'The tokens could not be loaded. Please try again.';
    }
  }

  override render() {
    return html`
      <h2>SCIM provisioning</h2>
      <p class="muted">Identity providers such as Okta and Microsoft Entra ID create, update and deactivate people here over SCIM 2.0. Each provider gets its own token.</p>
      ${this.created ? this.#renderCreated(this.created) : this.#renderCreate()}
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      <h2 id="tokens-title">Tokens</h2>
      ${this.tokens === null
        ? html`<p class="muted">Loading…</p>`
        : this.tokens.length
          ? html`<table class="stack" aria-labelledby="tokens-title">
              <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
              <tbody>${this.tokens.map((t) => this.#renderRow(t))}</tbody>
            </table>`
          : html`<p class="muted">No tokens yet: no identity provider can provision people.</p>`}
    `;
  }

  #renderCreate() {
    return html`<form class="card" aria-label="Create a token" @submit=${this.#create}>
      <div class="actions">
        <label>Name <input name="name" required maxlength="100" autocomplete="off" placeholder="Okta" /></label>
        <button class="primary" type="submit" ?disabled=${this.busy}>Create token</button>
      </div>
    </form>`;
  }

  #renderCreated(c: { name: string; token: string }) {
    return html`<section class="once" aria-labelledby="once-title">
      <h3 id="once-title" tabindex="-1">Token for ${c.name}: copy it now</h3>
      <p class="warning">It will not be shown again. The LMS keeps only a hash of it; if it is lost, revoke it and create another.</p>
      <p><label>SCIM base URL (Okta: "SCIM connector base URL"; Entra: "Tenant URL") <input type="text" readonly .value=${`${location.origin}/scim/v2`} /></label></p>
      <p><label>Bearer token (Entra: "Secret token") <input type="text" readonly .value=${c.token} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} /></label></p>
      <button class="primary" type="button" @click=${() => (this.created = null)}>Done, I have copied it</button>
    </section>`;
  }

  #renderRow(t: ScimTokenView) {
    return html`<tr>
      <th scope="row">${t.name}</th>
      <td>${formatDate(t.createdAt)}</td>
      <td>${t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : html`<span class="muted">Never</span>`}</td>
      <td>
        ${this.confirming === t.id
          ? html`<div class="confirm actions" role="group" aria-label=${`Revoke ${t.name}?`}>
              <span>Provisioning with this token stops at once.</span>
              <button class="danger" type="button" ?disabled=${this.busy} @click=${() => this.#revoke(t)}>Revoke ${t.name}</button>
              <button class="secondary" type="button" @click=${() => (this.confirming = null)}>Cancel</button>
            </div>`
          : html`<button class="secondary" type="button" aria-label=${`Revoke ${t.name}…`} @click=${() => (this.confirming = t.id)}>Revoke…</button>`}
      </td>
    </tr>`;
  }

  async #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    await this.#run(async () => {
      const created = await this.api.request<ScimTokenView & { token: string }>('POST', '/api/scim/tokens', { name });
      this.created = { name: created.name, token: created.token };
      form.reset();
      await this.#load();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#once-title')?.focus();
    });
  }

  async #revoke(t: ScimTokenView): Promise<void> {
    await this.#run(async () => {
      await this.api.request('DELETE', `/api/scim/tokens/${encodeURIComponent(t.id)}`);
      this.confirming = null;
      await this.#load();
      this.notice = `Revoked ${t.name}.`;
    });
  }

  async #run(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await fn();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'Something went wrong. Please try again.';
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-scim-tokens', LmsScimTokens);

declare global {
  interface HTMLElementTagNameMap {
    'lms-scim-tokens': LmsScimTokens;
  }
}
