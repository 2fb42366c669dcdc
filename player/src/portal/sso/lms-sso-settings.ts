/**
 * <lms-sso-settings>: single sign-on for admins. The identity providers with their status
 * (last successful sign-in, last error) and the URLs their admin needs (redirect URI, SP
 * metadata, ACS); add, edit, enable or disable one (the one from environment variables is
 * read-only); SSO-only mode with its break-glass admins. SCIM provisioning tokens have
 * their own screen (<lms-scim-tokens>), linked from the section below.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { formatDate, hrStyles } from '../hr/hr-styles.js';
import { color, controlStyles } from '../theme.js';
import type { ProviderView, SsoOverview } from '#contract/sso.js';
import { providerInput } from './provider-form-data.js';
import './lms-sso-provider-form.js';

export class LmsSsoSettings extends LitElement {
  static override properties = {
    api: { attribute: false },
    overview: { state: true },
    editing: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  static override styles = [
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
      .card header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
      }
      h3 {
        font-size: 1.0625rem;
        margin: 0;
      }
      ul.providers {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0.75rem 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .badge.on {
        color: #106b3a;
        background: #ecfdf3;
      }
      .badge.off {
        color: ${color.muted};
        background: ${color.page};
      }
      .last-error {
        color: ${color.danger};
      }
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  declare api: Api;
  declare private overview: SsoOverview | null;
  /** 'new', a provider id, or null. */
  declare private editing: string | null;
  declare private error: string | null;
  declare private notice: string | null;
  declare private busy: boolean;

  constructor() {
    super();
    this.overview = null;
    this.editing = null;
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
      this.overview = await this.api.request<SsoOverview>('GET', '/api/sso/admin');
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'The settings could not be loaded. Please try again.';
    }
  }

  override render() {
    const o = this.overview;
    return html`
      <h2>Single sign-on</h2>
      <p class="muted">People sign in with their company account through OpenID Connect or SAML 2.0 identity providers.</p>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      <h2 id="providers-title">Identity providers</h2>
      ${o === null
        ? html`<p class="muted">Loading…</p>`
        : o.providers.length
          ? html`<ul class="providers" aria-labelledby="providers-title">${o.providers.map((p) => html`<li>${this.#renderProvider(p)}</li>`)}</ul>`
          : html`<p class="muted">No provider yet: people sign in with passwords.</p>`}
      ${this.editing === 'new'
        ? html`<lms-sso-provider-form .api=${this.api} @provider-saved=${this.#saved} @form-cancelled=${() => (this.editing = null)}></lms-sso-provider-form>`
        : html`<div class="actions"><button class="secondary" type="button" @click=${() => (this.editing = 'new')}>Add a provider…</button></div>`}
      ${o ? this.#renderPolicy(o) : nothing}
      <section id="scim" aria-labelledby="scim-title">
        <h2 id="scim-title">Provisioning</h2>
        <p>To have your identity provider create, update and deactivate people here, give it a token from <a href="#/scim">User provisioning (SCIM)</a>.</p>
      </section>
    `;
  }

  #renderProvider(p: ProviderView) {
    if (this.editing === p.id) {
      return html`<lms-sso-provider-form .api=${this.api} .provider=${p} @provider-saved=${this.#saved} @form-cancelled=${() => (this.editing = null)}></lms-sso-provider-form>`;
    }
    const u = p.urls;
    return html`<article class="card" aria-labelledby=${`provider-${p.id}`} data-testid=${`provider-${p.id}`}>
      <header>
        <h3 id=${`provider-${p.id}`}>${p.name}</h3>
        <span class="badge ${p.enabled ? 'on' : 'off'}">${p.enabled ? 'Enabled' : 'Disabled'}</span>
      </header>
      <dl>
        <dt>Protocol</dt><dd>${p.kind === 'oidc' ? 'OpenID Connect' : 'SAML 2.0'}${p.source === 'env' ? ' · from environment variables (read-only)' : ''}</dd>
        ${p.oidc ? html`<dt>Issuer</dt><dd>${p.oidc.issuer}</dd><dt>Client id</dt><dd><code>${p.oidc.clientId}</code></dd>` : nothing}
        ${u.redirect ? html`<dt>Redirect URI</dt><dd><code>${u.redirect}</code></dd>` : nothing}
        ${u.metadata ? html`<dt>SP metadata</dt><dd><a href=${u.metadata}>${u.metadata}</a></dd><dt>Entity id</dt><dd><code>${u.entityId}</code></dd><dt>ACS URL</dt><dd><code>${u.acs}</code></dd><dt>Logout URL</dt><dd><code>${u.slo}</code></dd>` : nothing}
        <dt>New people</dt><dd>${p.jit ? 'Created on first sign-in (JIT)' : 'Only people HR already added'}</dd>
        <dt>Last sign-in</dt><dd>${p.status.lastSignInAt ? formatDate(p.status.lastSignInAt) : 'Never'}</dd>
        ${p.status.lastError ? html`<dt>Last error</dt><dd class="last-error">${p.status.lastError} (${formatDate(p.status.lastErrorAt!)})</dd>` : nothing}
      </dl>
      ${p.source === 'env'
        ? nothing
        : html`<div class="actions">
            <button class="secondary" type="button" @click=${() => (this.editing = p.id)}>Edit…</button>
            <button class="secondary" type="button" ?disabled=${this.busy} @click=${() => this.#toggle(p)}>${p.enabled ? `Disable ${p.name}` : `Enable ${p.name}`}</button>
          </div>`}
    </article>`;
  }

  #renderPolicy(o: SsoOverview) {
    const s = o.settings;
    return html`
      <h2 id="policy-title">Passwords</h2>
      <form class="card" aria-labelledby="policy-title" @submit=${this.#savePolicy}>
        <label class="choice"><input type="checkbox" name="ssoOnly" ?checked=${s.ssoOnly} ?disabled=${s.env.ssoOnly} />SSO only: passwords off for everyone except the break-glass admins${s.env.ssoOnly ? ' (set by SSO_ONLY)' : ''}</label>
        <div class="row">
          <label>Break-glass admins (emails, one a line)
            <textarea name="breakGlassEmails" rows="3">${s.saved.breakGlassEmails.join('\n')}</textarea></label>
        </div>
        ${s.env.breakGlassEmails.length ? html`<p class="muted">Also from SSO_BREAK_GLASS_EMAILS: ${s.env.breakGlassEmails.join(', ')}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${this.busy}>Save</button>
      </form>
    `;
  }

  async #saved(event: CustomEvent<ProviderView>): Promise<void> {
    this.editing = null;
    await this.#load();
    this.notice = `Saved ${event.detail.name}.`;
  }

  async #toggle(p: ProviderView): Promise<void> {
    await this.#run(async () => {
      await this.api.request('PUT', `/api/sso/admin/providers/${encodeURIComponent(p.id)}`, providerInput(p, { enabled: !p.enabled }));
      await this.#load();
      this.notice = `${p.name} is ${p.enabled ? 'disabled' : 'enabled'}.`;
    });
  }

  async #savePolicy(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const breakGlassEmails = String(data.get('breakGlassEmails') ?? '')
      .split(/[\s,]+/)
      .map((e) => e.trim())
      .filter(Boolean);
    const ssoOnly = this.overview?.settings.env.ssoOnly ? this.overview.settings.saved.ssoOnly : data.has('ssoOnly');
    await this.#run(async () => {
      await this.api.request('PUT', '/api/sso/admin/settings', { ssoOnly, breakGlassEmails });
      await this.#load();
      this.notice = 'Saved the password settings.';
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

customElements.define('lms-sso-settings', LmsSsoSettings);

declare global {
  interface HTMLElementTagNameMap {
    'lms-sso-settings': LmsSsoSettings;
  }
}
