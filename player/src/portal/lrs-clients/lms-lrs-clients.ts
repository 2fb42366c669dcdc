/**
 * <lms-lrs-clients>: the tools outside the LMS that send learning records to its LRS.
 * Admins connect one (its secret is shown once), and revoke one; HR and admins decide
 * what each may certify (<lms-client-certifies>), picking from the external activity
 * requirements the assignment rules already name.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api, type SessionUser } from '../api.js';
import { color, controlStyles } from '../theme.js';
import { formatDate, hrStyles } from '../hr/hr-styles.js';
import { SCOPE_DESCRIPTIONS, scopeShort } from './scope-descriptions.js';
import type { ActivitySuggestion, LrsClientView } from './lrs-client-types.js';
import './lms-client-certifies.js';
import './lms-new-client-secret.js';

interface CreatedClient {
  key: string;
  name: string;
  secret: string;
}

interface RuleTarget {
  target: { type: string; id: string; title: string };
}

export class LmsLrsClients extends LitElement {
  static override properties = {
    api: { attribute: false },
    user: { attribute: false },
    clients: { state: true },
    suggestions: { state: true },
    created: { state: true },
    confirming: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  static override styles = [
    controlStyles,
    hrStyles,
    css`
      h3 {
        font-size: 1.0625rem;
        margin: 0;
      }
      .card {
        background: ${color.surface};
        border: 1px solid ${color.border};
        border-radius: 0.5rem;
        padding: 1rem;
        margin: 0 0 1rem;
      }
      .card header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0.75rem 0 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      code {
        font-size: 0.875rem;
      }
      .scope-choice {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0 0.25rem;
        align-items: start;
        font-weight: 400;
        margin-bottom: 0.5rem;
      }
      .scope-choice input {
        margin-top: 0.3rem;
      }
      .scope-choice code {
        font-weight: 600;
      }
      .confirm {
        border: 1px solid ${color.danger};
        background: ${color.dangerBg};
        border-radius: 0.375rem;
        padding: 0.75rem 1rem;
        margin-top: 0.75rem;
      }
      .confirm p {
        margin: 0 0 0.5rem;
      }
      ul.clients {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .actions.spaced {
        margin-top: 0.75rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      button.danger {
        background: ${color.danger};
        color: #fff;
      }
      .badge.active {
        color: #106b3a;
        background: #ecfdf3;
      }
      .badge.revoked {
        color: ${color.muted};
        background: ${color.page};
      }
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: 1fr;
        }
        dd {
          margin-bottom: 0.375rem;
        }
      }
    `,
  ];

  declare api: Api;
  declare user: SessionUser;
  declare private clients: LrsClientView[] | null;
  declare private suggestions: ActivitySuggestion[];
  declare private created: CreatedClient | null;
  declare private confirming: string | null;
  declare private error: string | null;
  declare private notice: string | null;
  declare private busy: boolean;

  constructor() {
    super();
    this.clients = null;
    this.suggestions = [];
    this.created = null;
    this.confirming = null;
    this.error = null;
    this.notice = null;
    this.busy = false;
  }

  get #isAdmin(): boolean {
    return this.user?.roles.includes('admin') ?? false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const [clients, rules] = await Promise.all([
        this.api.request<{ items: LrsClientView[] }>('GET', '/api/lrs/clients'),
        this.api.request<{ items: RuleTarget[] }>('GET', '/api/assignment-rules'),
      ]);
      this.clients = clients.items;
      // Several rules may assign the same activity: offer it once.
      const byId = new Map<string, ActivitySuggestion>();
      for (const r of rules.items) if (r.target.type === 'activity' && !byId.has(r.target.id)) byId.set(r.target.id, { id: r.target.id, title: r.target.title });
      this.suggestions = [...byId.values()].sort((a, b) => a.title.localeCompare(b.title));
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'The list could not be loaded. Please try again.';
    }
  }

  override render() {
    return html`
      <h2>LRS clients</h2>
      <p class="muted">Tools outside the LMS, such as a vendor’s course platform, send learning records here with a key and secret.
        ${this.#isAdmin ? nothing : 'Only an admin can connect or revoke a tool; you decide what each may certify.'}</p>
      ${this.#isAdmin ? this.#renderCreate() : nothing}
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      <h2 id="clients-title">Connected tools</h2>
      ${this.clients === null
        ? html`<p class="muted">Loading…</p>`
        : this.clients.length
          ? html`<ul class="clients" aria-labelledby="clients-title">${this.clients.map((c) => html`<li>${this.#renderClient(c)}</li>`)}</ul>`
          : html`<p class="muted">No tools are connected yet.</p>`}
    `;
  }

  #renderCreate() {
    if (this.created) {
      return html`<lms-new-client-secret .key=${this.created.key} .name=${this.created.name} .secret=${this.created.secret} endpoint=${`${location.origin}/xapi/`}
        @secret-done=${() => (this.created = null)}></lms-new-client-secret>`;
    }
    return html`
      <h2 id="create-title">Connect a tool</h2>
      <form class="card" aria-labelledby="create-title" @submit=${this.#create}>
        <div class="row"><label>Name <input name="name" required maxlength="200" autocomplete="off" placeholder="Vendor course platform" /></label></div>
        <fieldset>
          <legend>What it may do</legend>
          ${SCOPE_DESCRIPTIONS.map(
            (s) => html`<label class="scope-choice">
              <input type="checkbox" name="scopes" value=${s.scope} ?checked=${s.scope === 'statements/write'} />
              <span>${s.text} <code>${s.scope}</code></span>
            </label>`,
          )}
        </fieldset>
        <button class="primary" type="submit" ?disabled=${this.busy}>Create client</button>
      </form>
    `;
  }

  #renderClient(c: LrsClientView) {
    const state = c.active ? 'active' : 'revoked';
    return html`<article class="card" aria-labelledby=${`client-${c.key}`}>
      <header>
        <h3 id=${`client-${c.key}`}>${c.name}</h3>
        <span class="badge ${state}">${c.active ? 'Active' : 'Revoked'}</span>
      </header>
      <dl>
        <dt>Key</dt><dd><code>${c.key}</code></dd>
        <dt>Access</dt><dd>${c.scopes.map((s, i) => html`${i ? '; ' : ''}${scopeShort(s)} <code class="muted">(${s})</code>`)}</dd>
        <dt>Created</dt><dd>${formatDate(c.createdAt)}</dd>
      </dl>
      ${this.#isAdmin && c.active ? this.#renderRevoke(c) : nothing}
      <lms-client-certifies .api=${this.api} .client=${c} .suggestions=${this.suggestions}
        @certifies-saved=${(e: CustomEvent<{ key: string; certifies: string[] }>) => this.#saved(e.detail)}></lms-client-certifies>
    </article>`;
  }

  #renderRevoke(c: LrsClientView) {
    if (this.confirming !== c.key) {
      return html`<div class="actions spaced"><button class="secondary" type="button" @click=${() => (this.confirming = c.key)}>Revoke…</button></div>`;
    }
    return html`<div class="confirm" role="group" aria-label=${`Revoke ${c.name}?`}>
      <p><strong>Revoke ${c.name}?</strong> It can no longer send or read records with this key. This cannot be undone; records already sent are kept.</p>
      <div class="actions">
        <button class="danger" type="button" ?disabled=${this.busy} @click=${() => this.#revoke(c)}>Revoke ${c.name}</button>
        <button class="secondary" type="button" @click=${() => (this.confirming = null)}>Cancel</button>
      </div>
    </div>`;
  }

  #saved(detail: { key: string; certifies: string[] }): void {
    this.clients = (this.clients ?? []).map((c) => (c.key === detail.key ? { ...c, certifies: detail.certifies } : c));
  }

  async #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const scopes = data.getAll('scopes').map(String);
    if (!scopes.length) {
      this.error = 'Choose at least one thing the tool may do.';
      return;
    }
    await this.#run(async () => {
      const c = await this.api.request<CreatedClient>('POST', '/api/lrs/clients', { name, scopes });
      this.created = { key: c.key, name: c.name, secret: c.secret };
      await this.#load();
    });
  }

  async #revoke(c: LrsClientView): Promise<void> {
    await this.#run(async () => {
      await this.api.request('DELETE', `/api/lrs/clients/${encodeURIComponent(c.key)}`);
      this.confirming = null;
      // Announced once the list shows it revoked.
      await this.#load();
      this.notice = `Revoked ${c.name}.`;
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

customElements.define('lms-lrs-clients', LmsLrsClients);

declare global {
  interface HTMLElementTagNameMap {
    'lms-lrs-clients': LmsLrsClients;
  }
}
