/**
 * <lms-reports>: the Reports view. Tabs by hash (`#/reports/<tab>`): compliance for
 * everyone (own, team or all by role), onboarding for managers and HR, learning
 * analytics, evidence packs for HR, performance for managers and HR.
 */
import { LitElement, css, html } from 'lit';
import type { Api, SessionUser } from '../api.js';
import { viewHref } from '../hash-route.js';
import { color, controlStyles } from '../theme.js';
import './compliance-panel.js';
import './onboarding-panel.js';
import './learning-panel.js';
import './evidence-panel.js';
import './performance-panel.js';

interface Tab { id: string; label: string; roles: string[] | 'any' }

const TABS: Tab[] = [
  { id: 'compliance', label: 'Compliance', roles: 'any' },
  { id: 'onboarding', label: 'Onboarding', roles: ['manager', 'hr', 'admin'] },
  { id: 'learning', label: 'Learning', roles: 'any' },
  { id: 'evidence', label: 'Evidence packs', roles: ['hr', 'admin'] },
  { id: 'performance', label: 'Performance', roles: ['manager', 'hr', 'admin'] },
];

const allowed = (tab: Tab, user: SessionUser) => tab.roles === 'any' || user.roles.some((r) => tab.roles.includes(r));

export class LmsReports extends LitElement {
  static override properties = { api: { attribute: false }, user: { attribute: false }, tab: {} };

  static override styles = [
    controlStyles,
    css`
      :host { display: block; }
      h1 { font-size: 1.75rem; margin-bottom: 1rem; }
      nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem; list-style: none; margin: 0 0 1.5rem; padding: 0; border-bottom: 2px solid ${color.border}; }
      nav a { display: inline-block; padding: 0.5rem 1rem; color: ${color.accent}; text-decoration: none; font-weight: 600; border-radius: 0.375rem 0.375rem 0 0; }
      nav a[aria-current='page'] { color: ${color.text}; background: ${color.surface}; border: 2px solid ${color.border}; border-bottom-color: ${color.surface}; margin-bottom: -2px; }
      nav a:focus-visible { outline: 3px solid ${color.accent}; outline-offset: 2px; }
    `,
  ];

  declare api: Api;
  declare user: SessionUser;
  declare tab: string;

  override render() {
    const tabs = TABS.filter((t) => allowed(t, this.user));
    const current = tabs.find((t) => t.id === this.tab) ?? tabs[0]!;
    const hr = this.user.roles.some((r) => r === 'hr' || r === 'admin');
    return html`
      <h1>Reports</h1>
      <nav aria-label="Reports"><ul>
        ${tabs.map((t) => html`<li><a href=${viewHref('reports', t.id)} aria-current=${t === current ? 'page' : 'false'}>${t.label}</a></li>`)}
      </ul></nav>
      <section aria-label=${current.label}>
        ${current.id === 'compliance' ? html`<lms-report-compliance .api=${this.api}></lms-report-compliance>` : ''}
        ${current.id === 'onboarding' ? html`<lms-report-onboarding .api=${this.api} ?canEdit=${hr}></lms-report-onboarding>` : ''}
        ${current.id === 'learning' ? html`<lms-report-learning .api=${this.api}></lms-report-learning>` : ''}
        ${current.id === 'evidence' ? html`<lms-report-evidence .api=${this.api}></lms-report-evidence>` : ''}
        ${current.id === 'performance' ? html`<lms-report-performance .api=${this.api} ?canImport=${hr}></lms-report-performance>` : ''}
      </section>
    `;
  }
}

customElements.define('lms-reports', LmsReports);
