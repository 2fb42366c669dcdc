/**
 * <lms-app>: the portal's root. Asks the server who is signed in, then shows the sign-in
 * form or the view the hash names (see views.ts), switching on the views' `signed-in` /
 * `signed-out` events. Two pages work without signing in: the one an invitation or reset
 * link opens (`/set-password?token=…`, moved at once to `#/set-password` so the token leaves
 * the address bar and history) and `#/forgot-password`.
 */
import { LitElement, css, html } from 'lit';
import { Api, type Session } from './api.js';
import { color, controlStyles } from './theme.js';
import './lms-login.js';
import './access/lms-set-password.js';
import './access/lms-forgot-password.js';
import { VIEWS, canOpen, parseHash, viewHref } from './views.js';

type View =
  | { name: 'loading' }
  | { name: 'signed-out' }
  | { name: 'signed-in'; session: Session }
  | { name: 'unavailable'; message: string };

const PRODUCT_NAME = 'Learning Hub';

/** Pages shown whether or not anyone is signed in, with their titles. */
const ACCESS_PAGES: Record<string, string> = { 'set-password': 'Set your password', 'forgot-password': 'Reset your password' };

const TITLES: Record<View['name'], string> = {
  loading: PRODUCT_NAME,
  'signed-out': `Sign in · ${PRODUCT_NAME}`,
  'signed-in': PRODUCT_NAME,
  unavailable: PRODUCT_NAME,
};

export class LmsApp extends LitElement {
  static override properties = {
    api: { attribute: false },
    view: { state: true },
    route: { state: true },
    signInHint: { state: true },
  };

  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
        background: ${color.page};
      }

      header {
        background: ${color.brand};
        color: #fff;
      }

      .bar {
        max-width: 64rem;
        margin: 0 auto;
        padding: 0.875rem 1.5rem;
        display: flex;
        align-items: center;
        gap: 0.75rem;
      }

      .product {
        font-size: 1.25rem;
        font-weight: 700;
        letter-spacing: 0.01em;
      }

      .mark {
        display: inline-grid;
        place-items: center;
        width: 2rem;
        height: 2rem;
        border-radius: 0.375rem;
        background: #fff;
        color: ${color.brand};
        font-weight: 800;
      }

      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0 0 0 1rem;
        padding: 0;
        list-style: none;
      }

      nav a {
        display: block;
        padding: 0.375rem 0.75rem;
        border-radius: 0.375rem;
        color: #fff;
        text-decoration: none;
      }

      nav a[aria-current='page'] {
        background: rgb(255 255 255 / 0.2);
        font-weight: 700;
      }

      nav a:hover {
        text-decoration: underline;
      }

      nav a:focus-visible {
        outline: 3px solid #fff;
        outline-offset: 2px;
      }

      main {
        flex: 1;
        width: 100%;
        max-width: 64rem;
        margin: 0 auto;
        padding: 2.5rem 1.5rem;
      }

      .status {
        color: ${color.muted};
      }

      .problem {
        max-width: 40rem;
      }

      .problem h1 {
        font-size: 1.5rem;
      }

      .problem p {
        margin: 0.75rem 0 1.5rem;
      }

      @media (max-width: 30rem) {
        .bar,
        main {
          padding-left: 1rem;
          padding-right: 1rem;
        }
        main {
          padding-top: 1.5rem;
        }
      }
    `,
  ];

  declare api: Api;
  declare private view: View;
  declare private route: { path: string; params: string[] };
  declare private signInHint: { email: string; notice: string } | null;
  readonly #onHashChange = () => this.#route();
  /** The token of the link this page was opened with (kept in memory only). */
  #linkToken = '';

  constructor() {
    super();
    this.api = new Api();
    this.view = { name: 'loading' };
    this.signInHint = null;
    if (location.pathname === '/set-password') {
      this.#linkToken = new URLSearchParams(location.search).get('token') ?? '';
      history.replaceState(null, '', '/#/set-password');
    }
    this.route = parseHash(location.hash);
    this.addEventListener('signed-in', (event) => {
      this.signInHint = null;
      this.#show({ name: 'signed-in', session: event.detail });
    });
    this.addEventListener('signed-out', () => this.#show({ name: 'signed-out' }));
    this.api.onSessionEnded = () => {
      if (this.view.name === 'signed-in') this.#show({ name: 'signed-out' });
    };
    this.addEventListener('password-set', (event) => void this.#passwordSet(event.detail.email));
  }

  /** After a link set the password: sign in with it, then land on My learning. */
  async #passwordSet(email: string): Promise<void> {
    this.#linkToken = '';
    if (this.view.name === 'signed-in') await this.api.signOut().catch(() => {});
    this.signInHint = { email, notice: 'Your password is set. Sign in with it to continue.' };
    location.hash = '#/my-learning';
    this.#show({ name: 'signed-out' });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    void this.#loadSession();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    super.disconnectedCallback();
  }

  override render() {
    return html`
      <header>
        <div class="bar">
          <span class="mark" aria-hidden="true">LH</span>
          <span class="product">${PRODUCT_NAME}</span>
          ${this.#renderNav()}
        </div>
      </header>
      <main>${this.#renderView()}</main>
    `;
  }

  #renderView() {
    const { view } = this;
    if (view.name !== 'loading' && this.route.path === 'set-password') {
      return html`<lms-set-password .api=${this.api} .token=${this.#linkToken}></lms-set-password>`;
    }
    if (view.name === 'signed-out' && this.route.path === 'forgot-password') {
      return html`<lms-forgot-password .api=${this.api}></lms-forgot-password>`;
    }
    switch (view.name) {
      case 'loading':
        return html`<p class="status" role="status">Loading…</p>`;
      case 'signed-out':
        return html`<lms-login .api=${this.api} .email=${this.signInHint?.email ?? ''} .notice=${this.signInHint?.notice ?? ''}></lms-login>`;
      case 'signed-in': {
        const user = view.session.user;
        const current = VIEWS.find((v) => v.path === this.route.path && canOpen(v, user)) ?? VIEWS[0]!;
        return current.render({ api: this.api, user, params: current.path === this.route.path ? this.route.params : [] });
      }
      case 'unavailable':
        return html`
          <section class="problem">
            <div role="alert">
              <h1>${PRODUCT_NAME} is not available right now</h1>
              <p>${view.message}</p>
            </div>
            <button class="primary" type="button" @click=${() => this.#loadSession()}>Try again</button>
          </section>
        `;
    }
  }

  #renderNav() {
    if (this.view.name !== 'signed-in') return null;
    const user = this.view.session.user;
    const links = VIEWS.filter((v) => v.nav && canOpen(v, user));
    if (links.length < 2) return null;
    return html`
      <nav aria-label="Main">
        <ul>
          ${links.map(
            (v) => html`<li><a href=${viewHref(v.path)} aria-current=${v.path === this.route.path ? 'page' : 'false'}>${v.label}</a></li>`,
          )}
        </ul>
      </nav>
    `;
  }

  #route(): void {
    this.route = parseHash(location.hash);
    this.#title();
  }

  #title(): void {
    const { view } = this;
    const accessPage = ACCESS_PAGES[this.route.path];
    if (accessPage && view.name !== 'loading' && (view.name === 'signed-out' || this.route.path === 'set-password')) {
      document.title = `${accessPage} · ${PRODUCT_NAME}`;
      return;
    }
    if (view.name !== 'signed-in') {
      document.title = TITLES[view.name];
      return;
    }
    const current = VIEWS.find((v) => v.path === this.route.path && canOpen(v, view.session.user)) ?? VIEWS[0]!;
    document.title = `${current.label} · ${PRODUCT_NAME}`;
  }

  async #loadSession(): Promise<void> {
    this.#show({ name: 'loading' });
    try {
      const session = await this.api.getSession();
      this.#show(session ? { name: 'signed-in', session } : { name: 'signed-out' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#show({ name: 'unavailable', message });
    }
  }

  #show(view: View): void {
    this.view = view;
    this.#title();
  }
}

customElements.define('lms-app', LmsApp);

declare global {
  interface HTMLElementTagNameMap {
    'lms-app': LmsApp;
  }
}
