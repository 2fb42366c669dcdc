/**
 * <lms-home>: the signed-in landing page: what the person is asked to do next (the top of
 * their to-do list), who is signed in, and sign-out; emits `signed-out` once the server
 * has ended the session.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api, type SessionUser } from './api.js';
import { roleLabel } from './role-labels.js';
import { color, controlStyles } from './theme.js';
import { viewHref } from './hash-route.js';
import './learner/lms-todo-list.js';

export class LmsHome extends LitElement {
  static override properties = {
    api: { attribute: false },
    user: { attribute: false },
    busy: { state: true },
    error: { state: true },
  };

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }

      .intro {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 1rem;
        margin-bottom: 1.5rem;
      }

      h1 {
        font-size: 1.75rem;
      }

      h2 {
        font-size: 1.125rem;
        margin-bottom: 1rem;
      }

      .card {
        padding: 1.5rem;
        margin-bottom: 1.5rem;
        background: ${color.surface};
        border: 1px solid ${color.border};
        border-radius: 0.5rem;
      }

      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.5rem 1.5rem;
        margin: 0;
      }

      dt {
        color: ${color.muted};
      }

      dd {
        margin: 0;
        overflow-wrap: anywhere;
        font-weight: 600;
      }

      .roles {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }

      .roles li {
        padding: 0 0.625rem;
        border-radius: 999px;
        background: #e0e7ff;
        color: #1e3a8a;
        font-size: 0.875rem;
      }

      /* Stack label above value when the page is narrow or zoomed. */
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: 1fr;
          gap: 0;
        }
        dd {
          margin-bottom: 0.75rem;
        }
      }
    `,
  ];

  declare api: Api;
  declare user: SessionUser;
  declare private busy: boolean;
  declare private error: ApiError | null;

  constructor() {
    super();
    this.busy = false;
    this.error = null;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }

  override render() {
    const { user } = this;
    return html`
      <div class="intro">
        <!-- tabindex=-1: focused by script after sign-in so screen readers start here. -->
        <h1 tabindex="-1">Welcome, ${user.name}</h1>
        <button class="secondary" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#signOut}>
          ${this.busy ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
      <div role="alert">${this.error ? html`<p class="error">${this.error.message}</p>` : nothing}</div>

      <section class="card" aria-labelledby="todo-title">
        <h2 id="todo-title">To do</h2>
        <lms-todo-list .api=${this.api} limit="5"></lms-todo-list>
        <p><a href=${viewHref('my-learning')}>See everything assigned to you and your completions</a></p>
      </section>

      <section class="card" aria-labelledby="whoami-title">
        <h2 id="whoami-title">Signed in as</h2>
        <dl data-testid="whoami">
          <dt>Name</dt>
          <dd>${user.name}</dd>
          <dt>Email</dt>
          <dd>${user.email}</dd>
          <dt>${user.roles.length === 1 ? 'Role' : 'Roles'}</dt>
          <dd>
            <ul class="roles">
              ${user.roles.map((role) => html`<li>${roleLabel(role)}</li>`)}
            </ul>
          </dd>
          ${user.department ? html`<dt>Department</dt><dd>${user.department}</dd>` : nothing}
          ${user.jobRole ? html`<dt>Job role</dt><dd>${user.jobRole}</dd>` : nothing}
        </dl>
        <p><a href=${viewHref('password')}>Change your password</a></p>
      </section>

    `;
  }

  async #signOut(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      // Signed in through a provider with single logout: end that session too (it returns here).
      const logoutUrl = await this.api.signOut();
      if (logoutUrl) return location.assign(logoutUrl);
    } catch (error) {
      // 401: the session had already ended on the server, which is what the user wanted.
      if (!(error instanceof ApiError && error.status === 401)) {
        this.error = error instanceof ApiError ? error : new ApiError(0, 'unexpected', 'Could not sign out. Please try again.');
      }
    } finally {
      this.busy = false;
    }
    if (!this.error) this.dispatchEvent(new CustomEvent('signed-out', { bubbles: true, composed: true }));
  }
}

customElements.define('lms-home', LmsHome);

declare global {
  interface HTMLElementTagNameMap {
    'lms-home': LmsHome;
  }
}
