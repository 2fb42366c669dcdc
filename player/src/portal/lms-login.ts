/**
 * <lms-login>: the sign-in page: a button per single sign-on provider, and the password
 * form (folded away under "Administrator sign-in" in SSO-only mode, for break-glass
 * admins). On a password sign-in it emits `signed-in` with the session as detail;
 * <lms-app> decides what to show next. A provider's button is a plain link: the server
 * runs the redirect flow and comes back to the portal signed in.
 */
import { accessCardStyles } from './access/access-styles.js';
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api, type Session, type SsoProviders } from './api.js';
import { color, controlStyles } from './theme.js';

export type SignedInEvent = CustomEvent<Session>;

type Field = 'email' | 'password';

export class LmsLogin extends LitElement {
  static override properties = {
    api: { attribute: false },
    email: { attribute: false },
    notice: { attribute: false },
    busy: { state: true },
    error: { state: true },
    sso: { state: true },
  };

  // The signed-out card's look, shared with the set-password and forgot-password cards.
  static override styles = [
    controlStyles,
    accessCardStyles,
    css`
      .sso {
        list-style: none;
        margin: 0 0 1.25rem;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      .sso a.button {
        display: block;
        text-align: center;
        text-decoration: none;
        padding: 0.625rem 1rem;
        border-radius: 0.375rem;
        background: ${color.accent};
        color: #fff;
        font-weight: 600;
      }
      .sso a.button:hover {
        background: ${color.accentHover};
      }
      details summary {
        cursor: pointer;
        margin-bottom: 0.75rem;
      }
    `,
  ];

  declare api: Api;
  /** Filled in, e.g. after a set-password link, with `notice` saying why. */
  declare email: string;
  declare notice: string;
  declare private busy: boolean;
  declare private error: ApiError | null;
  declare private sso: SsoProviders | null;

  constructor() {
    super();
    this.busy = false;
    this.error = null;
    this.email = '';
    this.notice = '';
    this.sso = null;
  }

  override firstUpdated(): void {
    this.#input(this.email ? 'password' : 'email')?.focus();
    // Without the providers (an old server, a network hiccup) the password form still works.
    this.api
      .ssoProviders()
      .then((sso) => (this.sso = sso))
      .catch(() => {});
  }

  #renderProviders() {
    const providers = this.sso?.providers ?? [];
    if (!providers.length) return nothing;
    return html`
      <ul class="sso" aria-label="Single sign-on">
        ${providers.map((p) => html`<li><a class="button primary" href=${p.startUrl} data-testid="sso-${p.id}">Sign in with ${p.name}</a></li>`)}
      </ul>
    `;
  }

  override render() {
    const ssoOnly = this.sso?.ssoOnly === true && this.sso.providers.length > 0;
    const hasProviders = (this.sso?.providers.length ?? 0) > 0;
    const form = this.#renderForm();
    return html`
      <section class="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <p class="lead">${ssoOnly ? 'Sign in with your company account.' : hasProviders ? 'Sign in with your company account, or with your work email and password.' : 'Use your work email address and password.'}</p>
        ${this.#renderProviders()}
        ${ssoOnly
          ? html`<details ?open=${!!this.error}><summary>Administrator sign-in</summary>${form}</details>`
          : html`${form}<p class="links"><a href="#/forgot-password">Forgot your password?</a></p>`}
      </section>
    `;
  }

  #renderForm() {
    const field = this.error?.field;
    return html`
        <!-- Always rendered so screen readers announce the message when it appears. -->
        <div role="alert" id="form-error">
          ${this.error ? html`<p class="error">${this.error.message}</p>` : nothing}
        </div>
        <div role="status">${this.notice && !this.error ? html`<p class="notice" data-testid="sign-in-notice">${this.notice}</p>` : nothing}</div>
        <form novalidate @submit=${this.#onSubmit}>
          <div class="field">
            <label for="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              spellcheck="false"
              .value=${this.email}
              required
              aria-invalid=${field === 'email' ? 'true' : 'false'}
              aria-describedby=${field === 'email' ? 'form-error' : nothing}
            />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid=${field === 'password' ? 'true' : 'false'}
              aria-describedby=${field === 'password' ? 'form-error' : nothing}
            />
          </div>
          <!-- aria-disabled rather than disabled, so a focused button keeps focus while busy. -->
          <button class="primary" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>
            ${this.busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
    `;
  }

  #input(name: Field): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${name}`);
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const email = this.#input('email')?.value.trim() ?? '';
    const password = this.#input('password')?.value ?? '';

    this.busy = true;
    this.error = null;
    try {
      const session = await this.api.signIn(email, password);
      this.dispatchEvent(new CustomEvent('signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (error) {
      this.error = error instanceof ApiError ? error : new ApiError(0, 'unexpected', 'Something went wrong. Please try again.');
      await this.updateComplete;
      this.#focusAfterError(this.error);
    } finally {
      this.busy = false;
    }
  }

  /** Put the user where they can fix the problem: the named field, else a cleared password. */
  #focusAfterError(error: ApiError): void {
    if (error.field === 'email' || error.field === 'password') {
      this.#input(error.field)?.focus();
      return;
    }
    if (error.code === 'invalid_credentials') {
      const password = this.#input('password');
      if (password) {
        password.value = '';
        password.focus();
      }
    }
  }
}

customElements.define('lms-login', LmsLogin);

declare global {
  interface HTMLElementTagNameMap {
    'lms-login': LmsLogin;
  }
  interface HTMLElementEventMap {
    'signed-in': SignedInEvent;
  }
}
