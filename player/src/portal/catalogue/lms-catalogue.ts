/**
 * <lms-catalogue>: the courses open for self-enrolment to the signed-in person, with
 * "Enrol" (the course joins their to-do list and opens in the player) or, once enrolled,
 * "Open". HR and authors also see every open course with who may enrol, to change it.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api, type SessionUser } from '../api.js';
import { viewHref } from '../hash-route.js';
import { kindLabel } from '../kind-labels.js';
import { color, controlStyles } from '../theme.js';
import './lms-self-enrolment.js';

interface CatalogueItem {
  packageId: string;
  title: string;
  kind: string;
  restricted: boolean;
  enrolled: boolean;
}

interface Offer {
  packageId: string;
  title: string;
  kind: string;
}

export class LmsCatalogue extends LitElement {
  static override properties = { api: { attribute: false }, user: { attribute: false }, items: { state: true }, offers: { state: true }, error: { state: true }, busy: { state: true } };
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.125rem;
        margin: 0 0 1rem;
      }
      h2.manage {
        margin-top: 2rem;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.75rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.75rem;
        padding: 1rem;
        background: ${color.surface};
        border: 1px solid ${color.border};
        border-radius: 0.5rem;
      }
      li.offer {
        display: block;
      }
      h3 {
        margin: 0 0 0.25rem;
        font-size: 1rem;
      }
      .meta,
      .empty {
        color: ${color.muted};
        margin: 0;
      }
      a.open {
        display: inline-block;
        font-weight: 600;
        min-height: 2.75rem;
        padding: 0.6rem 1.25rem;
        border-radius: 0.375rem;
        border: 1px solid ${color.accent};
        color: ${color.accent};
        text-decoration: none;
      }
      a.open:focus-visible {
        outline: 3px solid ${color.accent};
        outline-offset: 2px;
      }
    `,
  ];

  declare api: Api;
  declare user: SessionUser;
  declare private items: CatalogueItem[] | null;
  declare private offers: Offer[] | null;
  declare private error: string | null;
  declare private busy: string | null;

  constructor() {
    super();
    this.items = null;
    this.offers = null;
    this.error = null;
    this.busy = null;
  }

  get #manages(): boolean {
    return this.user?.roles.some((r) => r === 'hr' || r === 'admin' || r === 'author') ?? false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const [mine, offers] = await Promise.all([
        this.api.request<{ items: CatalogueItem[] }>('GET', '/api/catalogue'),
        this.#manages ? this.api.request<{ items: Offer[] }>('GET', '/api/catalogue/offers') : Promise.resolve(null),
      ]);
      this.items = mine.items;
      this.offers = offers?.items ?? null;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'Could not load the catalogue.';
    }
  }

  override render() {
    const roles = this.user?.roles ?? [];
    return html`
      <h2 id="catalogue-title">Catalogue</h2>
      <p class="meta">Courses you may take on your own initiative. Enrolling adds the course to your to-do list.</p>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${this.items === null
        ? html`<p role="status">Loading the catalogue…</p>`
        : this.items.length
          ? html`<ul aria-labelledby="catalogue-title">
              ${this.items.map(
                (c) => html`<li data-package-id=${c.packageId}>
                  <div>
                    <h3 id=${`cat-${c.packageId}`}>${c.title}</h3>
                    <p class="meta">${kindLabel(c.kind)}${c.restricted ? ' · offered to your team' : ''}${c.enrolled ? html` · <strong>On your to-do list</strong>` : nothing}</p>
                  </div>
                  ${c.enrolled
                    ? html`<a class="open" href=${viewHref('player', c.packageId)} aria-describedby=${`cat-${c.packageId}`}>Open</a>`
                    : html`<button class="primary" type="button" ?disabled=${this.busy === c.packageId} aria-describedby=${`cat-${c.packageId}`} @click=${() => this.#enrol(c)}>Enrol</button>`}
                </li>`,
              )}
            </ul>`
          : html`<p class="empty">Nothing is open for self-enrolment to you at the moment.</p>`}
      ${this.offers
        ? html`<h2 class="manage" id="offers-title">Open for self-enrolment: who may enrol</h2>
            ${this.offers.length
              ? html`<ul aria-labelledby="offers-title">
                  ${this.offers.map(
                    (o) => html`<li class="offer">
                      <h3>${o.title} <span class="meta">(${kindLabel(o.kind)})</span></h3>
                      <lms-self-enrolment
                        .api=${this.api}
                        packageId=${o.packageId}
                        courseTitle=${o.title}
                        ?canOpen=${roles.includes('author') || roles.includes('admin')}
                        ?canRestrict=${roles.includes('hr') || roles.includes('admin')}
                      ></lms-self-enrolment>
                    </li>`,
                  )}
                </ul>`
              : html`<p class="empty">No course is open yet. Authors open one on its package page (Content).</p>`}`
        : nothing}
    `;
  }

  async #enrol(c: CatalogueItem): Promise<void> {
    this.busy = c.packageId;
    this.error = null;
    try {
      await this.api.request('POST', `/api/catalogue/${encodeURIComponent(c.packageId)}/enrol`);
      // Straight into the course; it is on the to-do list to come back to.
      location.hash = viewHref('player', c.packageId);
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'Could not enrol you; please try again.';
      this.busy = null;
    }
  }
}

customElements.define('lms-catalogue', LmsCatalogue);
