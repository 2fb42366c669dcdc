/**
 * <lms-sso-provider-form>: add or edit an identity provider. OIDC: issuer URL, client id
 * and secret (write-only: an edit that leaves it empty keeps the saved one). SAML: the
 * IdP's metadata URL or pasted XML. Both: which claim or attribute fills each person
 * field, and JIT. Emits `provider-saved` with the saved provider.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { hrStyles } from '../hr/hr-styles.js';
import { color, controlStyles } from '../theme.js';
import type { AttributeMapping, ProviderView } from '#contract/sso.js';
import { MAPPING_LABELS } from './provider-form-data.js';

const DEFAULT_MAPPING: Record<'oidc' | 'saml', AttributeMapping> = {
  oidc: { email: 'email', name: 'name' },
  saml: { email: 'email', name: 'displayName' },
};

export class LmsSsoProviderForm extends LitElement {
  static override properties = {
    api: { attribute: false },
    provider: { attribute: false },
    kind: { state: true },
    error: { state: true },
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
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 1rem;
      }
      textarea {
        width: 100%;
      }
    `,
  ];

  declare api: Api;
  /** The provider being edited; null to add one. */
  declare provider: ProviderView | null;
  declare private kind: 'oidc' | 'saml';
  declare private error: ApiError | null;
  declare private busy: boolean;

  constructor() {
    super();
    this.provider = null;
    this.kind = 'oidc';
    this.error = null;
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('provider') && this.provider) this.kind = this.provider.kind;
  }

  override render() {
    const p = this.provider;
    const mapping = p?.mapping ?? DEFAULT_MAPPING[this.kind];
    const invalid = (f: string) => (this.error?.field === f ? 'true' : 'false');
    return html`
      <form class="card" aria-label=${p ? `Edit ${p.name}` : 'Add a provider'} @submit=${this.#submit}>
        <div role="alert">${this.error ? html`<p class="error">${this.error.message}</p>` : nothing}</div>
        <div class="row">
          ${p
            ? nothing
            : html`<label>Protocol
                  <select name="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as 'oidc' | 'saml')}>
                    <option value="oidc">OpenID Connect</option>
                    <option value="saml">SAML 2.0</option>
                  </select></label>
                <label>Id (in URLs) <input name="id" required pattern="[a-z0-9][a-z0-9\\-]{1,39}" placeholder="entra" aria-invalid=${invalid('id')} /></label>`}
          <label>Button label <input name="name" required maxlength="100" .value=${p?.name ?? ''} placeholder="Microsoft" aria-invalid=${invalid('name')} /></label>
        </div>
        ${this.kind === 'oidc'
          ? html`<div class="row">
              <label>Issuer URL <input name="issuer" type="url" required .value=${p?.oidc?.issuer ?? ''} placeholder="https://login.microsoftonline.com/TENANT/v2.0" aria-invalid=${invalid('oidc.issuer')} /></label>
              <label>Client id <input name="clientId" required .value=${p?.oidc?.clientId ?? ''} aria-invalid=${invalid('oidc.clientId')} /></label>
              <label>Client secret <input name="clientSecret" type="password" autocomplete="off" ?required=${!p}
                placeholder=${p?.oidc?.hasClientSecret ? 'Saved — leave empty to keep it' : ''} aria-invalid=${invalid('oidc.clientSecret')} /></label>
            </div>`
          : html`<div class="row">
                <label>IdP metadata URL <input name="metadataUrl" type="url" placeholder="https://idp.example.com/metadata" aria-invalid=${invalid('metadataUrl')} /></label>
              </div>
              <div class="row">
                <label>…or paste the IdP metadata XML <textarea name="metadataXml" rows="4" aria-invalid=${invalid('saml.metadataXml')}></textarea></label>
              </div>
              ${p?.saml ? html`<p class="muted">Now: sign-in URL ${p.saml.entryPoint}; ${p.saml.idpCerts.length} signing certificate(s). Leave both empty to keep them.</p>` : nothing}
              <label class="choice"><input type="checkbox" name="trustEmail" ?checked=${p?.saml?.trustEmail ?? false} />The IdP vouches for email addresses (link existing people by email)</label>`}
        <fieldset>
          <legend>Person fields from ${this.kind === 'oidc' ? 'claims' : 'attributes'}</legend>
          <div class="row">
            ${MAPPING_LABELS.map(([field, label]) => html`<label>${label} <input name=${`map-${field}`} .value=${mapping[field] ?? ''} ?required=${field === 'email'} /></label>`)}
          </div>
        </fieldset>
        <label class="choice"><input type="checkbox" name="jit" ?checked=${p?.jit ?? false} />Create people on their first sign-in (JIT)</label>
        <label class="choice"><input type="checkbox" name="enabled" ?checked=${p?.enabled ?? true} />Enabled (shown on the sign-in page)</label>
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${p ? 'Save provider' : 'Add provider'}</button>
          <button class="secondary" type="button" @click=${() => this.dispatchEvent(new CustomEvent('form-cancelled', { bubbles: true, composed: true }))}>Cancel</button>
        </div>
      </form>
    `;
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const mapping = Object.fromEntries(MAPPING_LABELS.map(([f]) => [f, text(`map-${f}`)]).filter(([, v]) => v));
    const body: Record<string, unknown> = { kind: this.kind, name: text('name'), enabled: data.has('enabled'), jit: data.has('jit'), mapping };
    if (this.kind === 'oidc') {
      body.oidc = { issuer: text('issuer'), clientId: text('clientId'), ...(text('clientSecret') ? { clientSecret: String(data.get('clientSecret')) } : {}) };
    } else {
      const keep = this.provider?.saml;
      body.saml = {
        trustEmail: data.has('trustEmail'),
        ...(text('metadataXml') ? { metadataXml: text('metadataXml') } : text('metadataUrl') ? { metadataUrl: text('metadataUrl') } : keep ? { entryPoint: keep.entryPoint, idpCerts: keep.idpCerts, ...(keep.idpIssuer ? { idpIssuer: keep.idpIssuer } : {}), ...(keep.logoutUrl ? { logoutUrl: keep.logoutUrl } : {}) } : {}),
      };
    }
    this.busy = true;
    this.error = null;
    try {
      const saved = this.provider
        ? await this.api.request<ProviderView>('PUT', `/api/sso/admin/providers/${encodeURIComponent(this.provider.id)}`, body)
        : await this.api.request<ProviderView>('POST', '/api/sso/admin/providers', { ...body, id: text('id') });
      this.dispatchEvent(new CustomEvent('provider-saved', { detail: saved, bubbles: true, composed: true }));
    } catch (err) {
      this.error = err instanceof ApiError ? err : new ApiError(0, 'unexpected', 'Something went wrong. Please try again.');
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-sso-provider-form', LmsSsoProviderForm);

declare global {
  interface HTMLElementTagNameMap {
    'lms-sso-provider-form': LmsSsoProviderForm;
  }
}
