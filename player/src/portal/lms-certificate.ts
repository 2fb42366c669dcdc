/**
 * <lms-certificate>: a printable certificate for one of the signed-in person's completions
 * (`#/certificate/<kind>/<id>/<version>`), with the xAPI statement id that proves it.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api, type SessionUser } from './api.js';
import { formatDate, learningStyles } from './learning-styles.js';
import type { MyLearning } from './learning-types.js';
import { color, controlStyles } from './theme.js';

export class LmsCertificate extends LitElement {
  static override properties = {
    api: { attribute: false },
    user: { attribute: false },
    params: { attribute: false },
    completion: { state: true },
    error: { state: true },
  };

  static override styles = [
    controlStyles,
    learningStyles,
    css`
      .certificate {
        text-align: center;
        padding: 3rem 2rem;
        background: ${color.surface};
        border: 6px double ${color.brand};
        border-radius: 0.5rem;
      }
      .certificate h1 {
        font-size: 2rem;
      }
      .name {
        font-size: 1.75rem;
        font-weight: 700;
        margin: 1rem 0;
      }
      .what {
        font-size: 1.25rem;
        font-weight: 600;
      }
      @media print {
        .actions {
          display: none;
        }
      }
    `,
  ];

  declare api: Api;
  declare user: SessionUser;
  declare params: string[];
  declare private completion: MyLearning['completions'][number] | null;
  declare private error: string | null;

  constructor() {
    super();
    this.params = [];
    this.completion = null;
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    const [kind, id, version] = this.params;
    try {
      const mine = await this.api.request<MyLearning>('GET', '/api/me/learning');
      this.completion = mine.completions.find((c) => c.kind === kind && c.id === id && String(c.version) === version) ?? null;
      if (!this.completion) this.error = 'There is no such completion in your record.';
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'Could not load your record.';
    }
  }

  override render() {
    const c = this.completion;
    return html`
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${c
        ? html`<section class="certificate" aria-labelledby="cert-h">
              <h1 id="cert-h">Certificate of ${c.kind === 'path' ? 'completion' : 'acknowledgement'}</h1>
              <p>This certifies that</p>
              <p class="name">${this.user.name}</p>
              <p>${c.kind === 'path' ? 'completed the learning path' : 'read and signed the policy'}</p>
              <p class="what">${c.title} (version ${c.version})</p>
              <p>on ${formatDate(c.completedAt)}</p>
              <p class="muted small-text">Recorded in the learning record store as statement ${c.statementId}.</p>
            </section>
            <div class="actions"><button type="button" class="primary" @click=${() => window.print()}>Print</button><a href="#/my-learning">Back to My learning</a></div>`
        : nothing}
    `;
  }
}

customElements.define('lms-certificate', LmsCertificate);

declare global {
  interface HTMLElementTagNameMap {
    'lms-certificate': LmsCertificate;
  }
}
