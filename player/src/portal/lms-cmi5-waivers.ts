/**
 * <lms-cmi5-waivers>: the waiver action on its own page (`#/cmi5-waivers`, kept for old
 * links; no longer in the navigation): pick a person, then waive their cmi5 units. The
 * same action lives on the person page and on a cmi5 package's page.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { Api } from './api.js';
import { controlStyles } from './theme.js';
import './hr/lms-person-picker.js';
import './hr/lms-unit-waivers.js';

export class LmsCmi5Waivers extends LitElement {
  static override properties = { api: { attribute: false }, person: { state: true } };
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.125rem;
      }
    `,
  ];

  declare api: Api;
  declare private person: { id: string; name: string } | null;

  constructor() {
    super();
    this.person = null;
  }

  override render() {
    return html`
      <h2>Waive cmi5 course units</h2>
      <p class="muted">When someone has shown the skill another way, waive the unit: it then counts as met for the course. This is also on each person's page.</p>
      <lms-person-picker .api=${this.api} label="Person" @pick=${(e: CustomEvent<{ id: string; name: string }>) => (this.person = e.detail.id ? e.detail : null)}></lms-person-picker>
      ${this.person ? html`<lms-unit-waivers .api=${this.api} .person=${this.person}></lms-unit-waivers>` : nothing}
    `;
  }
}

customElements.define('lms-cmi5-waivers', LmsCmi5Waivers);

declare global {
  interface HTMLElementTagNameMap {
    'lms-cmi5-waivers': LmsCmi5Waivers;
  }
}
