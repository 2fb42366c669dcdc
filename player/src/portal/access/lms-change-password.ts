/** <lms-change-password>: a signed-in person changes their password; their other sessions end. */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { accessCardStyles } from './access-styles.js';

export class LmsChangePassword extends LitElement {
  static override properties = {
    api: { attribute: false },
    done: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  static override styles = [controlStyles, accessCardStyles];

  declare api: Api;
  declare private done: boolean;
  declare private error: ApiError | null;
  declare private busy: boolean;

  constructor() {
    super();
    this.done = false;
    this.error = null;
    this.busy = false;
  }

  override render() {
    const field = this.error?.field;
    return html`
      <section class="card" aria-labelledby="change-title">
        <h1 id="change-title">Change your password</h1>
        <p class="lead">You stay signed in here; everywhere else you are signed out.</p>
        <div role="alert" id="change-error">${this.error ? html`<p class="error">${this.error.message.replace(/^currentPassword: /, 'The current password ').replace(/^password: /, 'The new password ').replace(/^confirm: /, '')}</p>` : nothing}</div>
        <div role="status">${this.done ? html`<p class="notice">Your password has been changed.</p>` : nothing}</div>
        <form novalidate @submit=${this.#submit}>
          <div class="field">
            <label for="current-password">Current password</label>
            <input id="current-password" type="password" autocomplete="current-password" required aria-invalid=${field === 'currentPassword' ? 'true' : 'false'} />
          </div>
          <div class="field">
            <label for="new-password">New password</label>
            <input id="new-password" type="password" autocomplete="new-password" required aria-describedby="password-hint" aria-invalid=${field === 'password' ? 'true' : 'false'} />
            <p class="hint" id="password-hint">At least 12 characters; common passwords and ones with your name are refused.</p>
          </div>
          <div class="field">
            <label for="confirm-password">Repeat the new password</label>
            <input id="confirm-password" type="password" autocomplete="new-password" required aria-invalid=${field === 'confirm' ? 'true' : 'false'} />
          </div>
          <button class="primary" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? 'Saving…' : 'Change password'}</button>
        </form>
      </section>
    `;
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const value = (id: string) => this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)!.value;
    this.done = false;
    if (value('new-password') !== value('confirm-password')) {
      this.error = new ApiError(400, 'validation', 'The two new passwords are not the same.', 'confirm');
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      await this.api.request('POST', '/api/password/change', { currentPassword: value('current-password'), password: value('new-password') });
      this.done = true;
      for (const input of this.renderRoot.querySelectorAll('input')) input.value = '';
    } catch (err) {
      this.error = err instanceof ApiError ? err : new ApiError(0, 'unexpected', 'Something went wrong. Please try again.');
      const focus = { currentPassword: 'current-password', password: 'new-password' }[this.error.field ?? ''];
      await this.updateComplete;
      if (focus) this.renderRoot.querySelector<HTMLInputElement>(`#${focus}`)?.focus();
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-change-password', LmsChangePassword);
