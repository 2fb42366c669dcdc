/**
 * <lms-access-emails>: admins edit the invitation and password-reset emails and the
 * company name they mention. The server checks the placeholders; its message names the field.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import { hrStyles } from '../hr/hr-styles.js';

type Kind = 'invitation' | 'reset';
interface Settings {
  company: string;
  product: string;
  placeholders: string[];
  templates: Record<Kind, { subject: string; body: string }>;
}

const KIND_LABELS: Record<Kind, string> = { invitation: 'Invitation', reset: 'Password reset' };

export class LmsAccessEmails extends LitElement {
  static override properties = {
    api: { attribute: false },
    settings: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  static override styles = [controlStyles, hrStyles];

  declare api: Api;
  declare private settings: Settings | null;
  declare private error: ApiError | null;
  declare private notice: string | null;
  declare private busy: boolean;

  constructor() {
    super();
    this.settings = null;
    this.error = null;
    this.notice = null;
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api
      .request<Settings>('GET', '/api/settings/access-emails')
      .then((s) => (this.settings = s))
      .catch((err) => (this.error = err instanceof ApiError ? err : null));
  }

  override render() {
    const s = this.settings;
    return html`
      <h2>Sign-in emails</h2>
      <p class="muted">What people receive when HR invites them or when they reset their password. Placeholders: ${s?.placeholders.map((p) => html`<code>{{${p}}}</code> `) ?? nothing}— the body must contain <code>{{link}}</code>.</p>
      <div role="alert">${this.error ? html`<p class="error">${this.error.message}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${s
        ? html`<form @submit=${this.#save}>
            <label>Company name <input id="company" .value=${s.company} placeholder="Shown as {{company}}" /></label>
            ${(['invitation', 'reset'] as const).map(
              (k) => html`<fieldset>
                <legend>${KIND_LABELS[k]} email</legend>
                <label>Subject <input id="${k}-subject" .value=${s.templates[k].subject} aria-invalid=${this.error?.field === `templates.${k}.subject` ? 'true' : 'false'} /></label>
                <label>Body <textarea id="${k}-body" rows="9" .value=${s.templates[k].body} aria-invalid=${this.error?.field === `templates.${k}.body` ? 'true' : 'false'}></textarea></label>
              </fieldset>`,
            )}
            <button class="primary" type="submit" ?disabled=${this.busy}>Save emails</button>
          </form>`
        : nothing}
    `;
  }

  async #save(e: Event): Promise<void> {
    e.preventDefault();
    const value = (id: string) => this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)!.value;
    const template = (k: Kind) => ({ subject: value(`${k}-subject`), body: value(`${k}-body`) });
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      this.settings = await this.api.request<Settings>('PUT', '/api/settings/access-emails', { company: value('company'), templates: { invitation: template('invitation'), reset: template('reset') } });
      this.notice = 'Saved. New invitations and reset emails use these words.';
    } catch (err) {
      this.error = err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err));
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-access-emails', LmsAccessEmails);
