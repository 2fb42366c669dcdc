/**
 * <lms-app>: the portal's root. Asks the server who is signed in, then shows the sign-in
 * form or the home page, switching on the views' `signed-in` / `signed-out` events.
 */
import { LitElement, css, html } from 'lit';
import { Api, type Session } from './api.js';
import { color, controlStyles } from './theme.js';
import './lms-home.js';
import './lms-login.js';

type View =
  | { name: 'loading' }
  | { name: 'signed-out' }
  | { name: 'signed-in'; session: Session }
  | { name: 'unavailable'; message: string };

const PRODUCT_NAME = 'Learning Hub';

const TITLES: Record<View['name'], string> = {
  loading: PRODUCT_NAME,
  'signed-out': `Sign in · ${PRODUCT_NAME}`,
  'signed-in': `Home · ${PRODUCT_NAME}`,
  unavailable: PRODUCT_NAME,
};

export class LmsApp extends LitElement {
  static override properties = {
    api: { attribute: false },
    view: { state: true },
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

  constructor() {
    super();
    this.api = new Api();
    this.view = { name: 'loading' };
    this.addEventListener('signed-in', (event) => this.#show({ name: 'signed-in', session: event.detail }));
    this.addEventListener('signed-out', () => this.#show({ name: 'signed-out' }));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadSession();
  }

  override render() {
    return html`
      <header>
        <div class="bar">
          <span class="mark" aria-hidden="true">LH</span>
          <span class="product">${PRODUCT_NAME}</span>
        </div>
      </header>
      <main>${this.#renderView()}</main>
    `;
  }

  #renderView() {
    const { view } = this;
    switch (view.name) {
      case 'loading':
        return html`<p class="status" role="status">Loading…</p>`;
      case 'signed-out':
        return html`<lms-login .api=${this.api}></lms-login>`;
      case 'signed-in':
        return html`<lms-home .api=${this.api} .user=${view.session.user}></lms-home>`;
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
    document.title = TITLES[view.name];
  }
}

customElements.define('lms-app', LmsApp);

declare global {
  interface HTMLElementTagNameMap {
    'lms-app': LmsApp;
  }
}
