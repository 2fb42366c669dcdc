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
import { VIEWS, canOpen, parseHash } from './views.js';
import { isCurrent, navigationFor, type NavGroup, type NavLink } from './navigation.js';
import { rememberPlace } from './return-place.js';

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
    openGroup: { state: true },
    menuOpen: { state: true },
    rightAddress: { state: true },
    unread: { state: true },
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
        /* Wider than the page body: seven workspaces fit on one row at 1366 px. */
        max-width: 80rem;
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

      nav {
        margin-left: 1rem;
        flex: 1;
      }

      nav > ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }

      nav li {
        position: relative;
      }

      nav a,
      .group-button,
      .menu-toggle {
        display: block;
        padding: 0.375rem 0.75rem;
        border-radius: 0.375rem;
        color: #fff;
        text-decoration: none;
        background: none;
        border: 0;
        font: inherit;
        line-height: inherit;
        cursor: pointer;
      }

      nav a[aria-current='page'],
      .group-button.current {
        background: rgb(255 255 255 / 0.2);
        font-weight: 700;
      }

      nav a:hover,
      .group-button:hover {
        text-decoration: underline;
      }

      nav a:focus-visible,
      .group-button:focus-visible,
      .menu-toggle:focus-visible {
        outline: 3px solid #fff;
        outline-offset: 2px;
      }

      .group-button::after {
        content: ' ▾';
        font-size: 0.75em;
      }

      /* A group's links drop down under its button. */
      .submenu {
        position: absolute;
        top: 100%;
        left: 0;
        z-index: 10;
        min-width: 13rem;
        margin: 0.25rem 0 0;
        padding: 0.375rem;
        list-style: none;
        background: ${color.brand};
        border-radius: 0.375rem;
        box-shadow: 0 8px 24px rgb(0 0 0 / 0.25);
      }

      .submenu[hidden] {
        display: none;
      }

      .bell {
        position: relative;
        display: inline-flex;
        align-items: center;
        margin-left: auto;
        padding: 0.375rem;
        border-radius: 0.375rem;
        color: #fff;
      }

      .bell:focus-visible {
        outline: 3px solid #fff;
        outline-offset: 2px;
      }

      .bell .count {
        position: absolute;
        top: -0.125rem;
        right: -0.25rem;
        min-width: 1.125rem;
        padding: 0 0.25rem;
        border-radius: 999px;
        background: #fff;
        color: ${color.brand};
        font-size: 0.75rem;
        font-weight: 800;
        line-height: 1.125rem;
        text-align: center;
      }

      .menu-toggle {
        display: none;
        margin-left: auto;
        border: 1px solid rgb(255 255 255 / 0.6);
      }

      /* Narrow screens: one Menu button; opened, every group is listed with its links. */
      @media (max-width: 48rem) {
        .bar {
          flex-wrap: wrap;
        }
        .menu-toggle {
          display: block;
        }
        .bell {
          order: 1;
          margin-left: 0.5rem;
        }
        nav {
          order: 2;
          flex-basis: 100%;
          margin: 0.5rem 0 0;
        }
        nav:not(.open) {
          display: none;
        }
        nav > ul {
          flex-direction: column;
        }
        .group-button {
          cursor: default;
          font-weight: 700;
          padding-bottom: 0;
        }
        .group-button::after {
          content: '';
        }
        .submenu,
        .submenu[hidden] {
          display: block;
          position: static;
          box-shadow: none;
          padding: 0 0 0 0.75rem;
          margin: 0;
        }
      }

      .address-warning {
        background: #fffaeb;
        border-bottom: 1px solid #f79009;
        color: #7a2e0e;
      }

      .address-warning p {
        max-width: 64rem;
        margin: 0 auto;
        padding: 0.75rem 1.5rem;
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
  /** The navigation group whose menu is open (wide screens), and whether the whole menu is open (narrow screens). */
  declare private openGroup: string | null;
  declare private menuOpen: boolean;
  /** PUBLIC_URL's origin when this page was opened at another address (courses would not show here). */
  declare private rightAddress: string | null;
  /** Unread in-app notifications of the signed-in person (the header's bell). */
  declare private unread: number;
  readonly #onHashChange = () => this.#route();
  /** Escape or a click elsewhere closes an open menu. */
  readonly #onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || (!this.openGroup && !this.menuOpen)) return;
    const group = this.openGroup;
    this.openGroup = null;
    this.menuOpen = false;
    if (group) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-group="${group}"]`)?.focus());
  };
  readonly #onDocumentClick = (e: MouseEvent) => {
    if (this.openGroup && !e.composedPath().includes(this.renderRoot.querySelector('nav') as EventTarget)) this.openGroup = null;
  };
  /** The token of the link this page was opened with (kept in memory only). */
  #linkToken = '';

  constructor() {
    super();
    this.api = new Api();
    this.view = { name: 'loading' };
    this.signInHint = null;
    this.openGroup = null;
    this.menuOpen = false;
    this.rightAddress = null;
    this.unread = 0;
    if (location.pathname === '/set-password') {
      this.#linkToken = new URLSearchParams(location.search).get('token') ?? '';
      history.replaceState(null, '', '/#/set-password');
    }
    this.route = parseHash(location.hash);
    rememberPlace(location.hash);
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
    window.addEventListener('keydown', this.#onKeyDown);
    document.addEventListener('click', this.#onDocumentClick);
    void this.#loadSession();
    void this.#checkAddress();
  }

  async #checkAddress(): Promise<void> {
    try {
      const { publicUrl } = await this.api.request<{ publicUrl: string }>('GET', '/api/portal/address');
      if (publicUrl !== location.origin) this.rightAddress = publicUrl;
    } catch {
      // Not knowing is no reason to warn.
    }
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    window.removeEventListener('keydown', this.#onKeyDown);
    document.removeEventListener('click', this.#onDocumentClick);
    super.disconnectedCallback();
  }

  override render() {
    return html`
      <header>
        <div class="bar">
          <span class="mark" aria-hidden="true">LH</span>
          <span class="product">${PRODUCT_NAME}</span>
          ${this.#renderNav()} ${this.#renderBell()}
        </div>
      </header>
      ${this.rightAddress
        ? html`<div class="address-warning" role="alert" data-testid="wrong-address">
            <p>
              You opened the Learning Hub at ${location.origin}, but it is set up for
              <a href=${this.rightAddress + location.pathname + location.hash}>${this.rightAddress}</a>. Courses cannot be shown at this address:
              <a href=${this.rightAddress + location.pathname + location.hash}>continue at ${this.rightAddress}</a>.
            </p>
          </div>`
        : null}
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
    const groups = navigationFor(this.view.session.user);
    const links = groups.flatMap((g) => g.links);
    if (links.length < 2) return null;
    const current = this.#currentLink(links);
    // Few links (most employees): one flat row, as before; more: one entry per workspace.
    const flat = groups.length <= 2 && links.length <= 8;
    const link = (l: NavLink) => html`<li><a href=${l.href} aria-current=${l === current ? 'page' : 'false'}>${l.label}</a></li>`;
    return html`
      <button class="menu-toggle" type="button" aria-expanded=${this.menuOpen ? 'true' : 'false'} aria-controls="main-nav" @click=${() => (this.menuOpen = !this.menuOpen)}>Menu</button>
      <nav id="main-nav" aria-label="Main" class=${this.menuOpen ? 'open' : ''}>
        <ul>
          ${flat ? links.map(link) : groups.map((g) => (g.links.length === 1 && g.links[0]!.label === g.name ? link(g.links[0]!) : this.#renderGroup(g, current, link)))}
        </ul>
      </nav>
    `;
  }

  #renderBell() {
    if (this.view.name !== 'signed-in') return null;
    const label = this.unread ? `Notifications: ${this.unread} unread` : 'Notifications: none unread';
    return html`<a class="bell" href="#/notifications" aria-label=${label} title=${label} data-testid="bell">
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"/></svg>
      ${this.unread ? html`<span class="count">${this.unread > 99 ? '99+' : this.unread}</span>` : null}
    </a>`;
  }

  /** The bell's count: read on sign-in and on every page change (marking read happens on the Notifications page). */
  async #refreshUnread(): Promise<void> {
    if (this.view.name !== 'signed-in') return;
    try {
      this.unread = (await this.api.request<{ unread: number }>('GET', '/api/notifications?unread=true&limit=1')).unread;
    } catch {
      // The bell is a convenience: the page itself reports problems.
    }
  }

  #renderGroup(g: NavGroup, current: NavLink | null, link: (l: NavLink) => unknown) {
    const id = `menu-${g.name.toLowerCase().replace(/\W+/g, '-')}`;
    const open = this.openGroup === g.name;
    return html`<li>
      <button
        type="button"
        class="group-button ${current && g.links.includes(current) ? 'current' : ''}"
        data-group=${g.name}
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${id}
        @click=${() => (this.openGroup = open ? null : g.name)}
      >
        ${g.name}
      </button>
      <ul class="submenu" id=${id} ?hidden=${!open} aria-label=${g.name}>
        ${g.links.map(link)}
      </ul>
    </li>`;
  }

  /** The most specific link for the page shown (Dashboard over Reports on #/reports/compliance). */
  #currentLink(links: NavLink[]): NavLink | null {
    const matches = links.filter((l) => isCurrent(l, this.route));
    return matches.sort((a, b) => b.params.length - a.params.length)[0] ?? null;
  }

  #route(): void {
    rememberPlace(location.hash);
    this.route = parseHash(location.hash);
    this.openGroup = null;
    this.menuOpen = false;
    void this.#refreshUnread();
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
    void this.#refreshUnread();
    this.#title();
  }
}

customElements.define('lms-app', LmsApp);

declare global {
  interface HTMLElementTagNameMap {
    'lms-app': LmsApp;
  }
}
