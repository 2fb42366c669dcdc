/**
 * <lms-set-password>: where an invitation or reset link lands. Asks the server whom the
 * link is for (a used, expired or replaced link is refused right away, with what to do),
 * then takes a new password twice and emits `password-set` with the person's email.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { viewHref } from '../hash-route.js';
import { accessCardStyles } from './access-styles.js';

interface LinkInfo {
  name: string;
  email: string;
  purpose: 'invitation' | 'reset';
}

export type PasswordSetEvent = CustomEvent<{ email: string }>;

export class LmsSetPassword extends LitElement {
  static override properties = {
    api: { attribute: false },
    token: { attribute: false },
    info: { state: true },
    refused: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  static override styles = [controlStyles, accessCardStyles];

  declare api: Api;
  declare token: string;
  declare private info: LinkInfo | null;
  declare private refused: string | null;
  declare private error: ApiError | null;
  declare private busy: boolean;

  constructor() {
    super();
    this.token = '';
    this.info = null;
    this.refused = null;
    this.error = null;
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#check();
  }

  async #check(): Promise<void> {
    if (!this.token) return void (this.refused = 'This page needs the link from your email. Open the link again, or ask for a new one.');
    try {
      this.info = await this.api.request<LinkInfo>('POST', '/api/password/token', { token: this.token });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#new-password')?.focus();
    } catch (err) {
      this.refused = err instanceof ApiError ? err.message.replace(/^token: /, '') : 'Something went wrong. Please try again.';
    }
  }

  override render() {
    if (this.refused) {
      return html`
        <section class="card" aria-labelledby="link-title">
          <h1 id="link-title">This link does not work</h1>
          <div role="alert"><p class="error" data-testid="link-refused">${this.refused}</p></div>
          <p>If you were invited, ask HR to send a new invitation. If you have signed in before, ask for a new link:</p>
          <p class="links"><a href=${viewHref('forgot-password')}>Reset your password</a> · <a href="/">Sign in</a></p>
        </section>
      `;
    }
    if (!this.info) return html`<p role="status">Checking your link…</p>`;
    const field = this.error?.field;
    const invited = this.info.purpose === 'invitation';
    return html`
      <section class="card" aria-labelledby="set-title">
        <h1 id="set-title">${invited ? 'Choose your password' : 'Choose a new password'}</h1>
        <p class="lead">${invited ? `Welcome, ${this.info.name}.` : `Hello, ${this.info.name}.`} You will sign in as <strong>${this.info.email}</strong>.</p>
        <div role="alert" id="set-error">${this.error ? html`<p class="error">${this.error.message.replace(/^password: /, 'This password ').replace(/^confirm: /, '')}</p>` : nothing}</div>
        <form novalidate @submit=${this.#submit}>
          <!-- For password managers: the account this password belongs to. -->
          <input type="email" name="email" autocomplete="username" .value=${this.info.email} hidden />
          <div class="field">
            <label for="new-password">New password</label>
            <input id="new-password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-hint${field === 'password' ? ' set-error' : ''}" aria-invalid=${field === 'password' ? 'true' : 'false'} />
            <p class="hint" id="password-hint">At least 12 characters. A few unrelated words work well; common passwords and ones with your name are refused.</p>
          </div>
          <div class="field">
            <label for="confirm-password">Repeat the password</label>
            <input id="confirm-password" name="confirm" type="password" autocomplete="new-password" required aria-invalid=${field === 'confirm' ? 'true' : 'false'} aria-describedby=${field === 'confirm' ? 'set-error' : nothing} />
          </div>
          <button class="primary" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? 'Saving…' : 'Set password'}</button>
        </form>
      </section>
    `;
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const password = this.renderRoot.querySelector<HTMLInputElement>('#new-password')!.value;
    const confirm = this.renderRoot.querySelector<HTMLInputElement>('#confirm-password')!.value;
    if (password !== confirm) {
      this.error = new ApiError(400, 'validation', 'The two passwords are not the same.', 'confirm');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#confirm-password')?.focus();
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      const { email } = await this.api.request<{ email: string }>('POST', '/api/password/reset', { token: this.token, password });
      this.dispatchEvent(new CustomEvent('password-set', { detail: { email }, bubbles: true, composed: true }));
    } catch (err) {
      if (err instanceof ApiError && err.field === 'token') this.refused = err.message.replace(/^token: /, '');
      else this.error = err instanceof ApiError ? err : new ApiError(0, 'unexpected', 'Something went wrong. Please try again.');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#new-password')?.focus();
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-set-password', LmsSetPassword);

declare global {
  interface HTMLElementTagNameMap {
    'lms-set-password': LmsSetPassword;
  }
  interface HTMLElementEventMap {
    'password-set': PasswordSetEvent;
  }
}
