/**
 * <lms-forgot-password>: asks for a reset link by email. The server answers the same
 * whether or not the address has an account, and so does this page.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { accessCardStyles } from './access-styles.js';

export class LmsForgotPassword extends LitElement {
  static override properties = {
    api: { attribute: false },
    sent: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  static override styles = [controlStyles, accessCardStyles];

  declare api: Api;
  declare private sent: string | null;
  declare private error: ApiError | null;
  declare private busy: boolean;

  constructor() {
    super();
    this.sent = null;
    this.error = null;
    this.busy = false;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#forgot-email')?.focus();
  }

  override render() {
    return html`
      <section class="card" aria-labelledby="forgot-title">
        <h1 id="forgot-title">Reset your password</h1>
        <p class="lead">Enter your work email address. We will email you a link to choose a new password.</p>
        <div role="alert">${this.error ? html`<p class="error">${this.error.message.replace(/^email: /, 'Email ')}</p>` : nothing}</div>
        <div role="status">${this.sent ? html`<p class="notice" data-testid="forgot-sent">${this.sent}</p>` : nothing}</div>
        <form novalidate @submit=${this.#submit}>
          <div class="field">
            <label for="forgot-email">Email</label>
            <input id="forgot-email" name="email" type="email" autocomplete="username" spellcheck="false" required aria-invalid=${this.error?.field === 'email' ? 'true' : 'false'} />
          </div>
          <button class="primary" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? 'Sending…' : 'Email me a link'}</button>
        </form>
        <p class="links"><a href="#/">Back to sign in</a></p>
      </section>
    `;
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const email = this.renderRoot.querySelector<HTMLInputElement>('#forgot-email')!.value.trim();
    this.busy = true;
    this.error = null;
    this.sent = null;
    try {
      const { message } = await this.api.request<{ message: string }>('POST', '/api/password/forgot', { email });
      this.sent = `${message} Check your inbox (and spam folder); the link works for a limited time.`;
    } catch (err) {
      this.error = err instanceof ApiError ? err : new ApiError(0, 'unexpected', 'Something went wrong. Please try again.');
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-forgot-password', LmsForgotPassword);

declare global {
  interface HTMLElementTagNameMap {
    'lms-forgot-password': LmsForgotPassword;
  }
}
