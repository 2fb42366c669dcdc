/**
 * <lms-login>: the sign-in form. Calls the API it is given and, on success, emits
 * `signed-in` with the session as detail; <lms-app> decides what to show next.
 */
import { accessCardStyles } from './access/access-styles.js';
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api, type Session } from './api.js';
import { controlStyles } from './theme.js';

export type SignedInEvent = CustomEvent<Session>;

type Field = 'email' | 'password';

export class LmsLogin extends LitElement {
  static override properties = {
    api: { attribute: false },
    email: { attribute: false },
    notice: { attribute: false },
    busy: { state: true },
    error: { state: true },
  };

  // The signed-out card's look, shared with the set-password and forgot-password cards.
  static override styles = [controlStyles, accessCardStyles];

  declare api: Api;
  /** Filled in, e.g. after a set-password link, with `notice` saying why. */
  declare email: string;
  declare notice: string;
  declare private busy: boolean;
  declare private error: ApiError | null;

  constructor() {
    super();
    this.busy = false;
    this.error = null;
    this.email = '';
    this.notice = '';
  }

  override firstUpdated(): void {
    this.#input(this.email ? 'password' : 'email')?.focus();
  }

  override render() {
    const field = this.error?.field;
    return html`
      <section class="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <p class="lead">Use your work email address and password.</p>
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
        <p class="links"><a href="#/forgot-password">Forgot your password?</a></p>
      </section>
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
