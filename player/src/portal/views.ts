/**
 * The portal's views, one entry per page. Each domain adds its view here (one import and
 * one entry) and keeps the element in its own file; <lms-app> builds the navigation from
 * this list, showing only what the signed-in user's roles allow, and routes on
 * `location.hash` (`#/path/param/...`).
 */
import { html, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Api, SessionUser } from './api.js';
import './lms-home.js';
import './lms-packages.js';
import './packages/lms-package-page.js';
import './lms-courses.js';
import './catalogue/lms-catalogue.js';
import '../player/lms-player.js';
import './lms-my-learning.js';
import './lms-paths.js';
import './lms-competencies.js';
import './lms-policies.js';
import './lms-team-competencies.js';
import './lms-cmi5-waivers.js';
import './lms-certificate.js';
import './hr/lms-people-import.js';
import './hr/lms-people.js';
import './hr/lms-person.js';
import './hr/lms-rules.js';
import './hr/lms-organisation.js';
import './hr/lms-compliance-calendar.js';
import './hr/lms-my-team.js';
import './hr/lms-notifications.js';
import './hr/lms-email-templates.js';
import './reports/lms-reports.js';
import './lrs-clients/lms-lrs-clients.js';
import './scim/lms-scim-tokens.js';
import './access/lms-change-password.js';
import './access/lms-access-emails.js';
import './sso/lms-sso-settings.js';
import './blended/lms-blended-setup.js';
import './blended/lms-blended-work.js';
import './blended/lms-observe.js';
import './blended/lms-attendance.js';

/** What a person is doing: the navigation's groups, in the order they are shown. */
export const WORKSPACES = ['Learn', 'My team', 'Manage learning', 'People', 'Compliance', 'Reports', 'Settings'] as const;
export type Workspace = (typeof WORKSPACES)[number];

export interface ViewContext {
  api: Api;
  user: SessionUser;
  /** The hash segments after the view's path, e.g. `#/player/abc` gives `['abc']`. */
  params: string[];
}

export interface PortalView {
  /** First hash segment; `home` is the default view. */
  path: string;
  /** Navigation label; also the document title. */
  label: string;
  /** Roles that may open the view; `any` for every signed-in user. */
  roles: readonly string[] | 'any';
  /** Listed in the navigation bar (views reached by link only, like the player, are not). */
  nav: boolean;
  /** The workspace it is listed under (navigation.ts); required when `nav` is true. */
  group?: Workspace;
  render(ctx: ViewContext): TemplateResult;
}

export const VIEWS: readonly PortalView[] = [
  {
    path: 'home',
    label: 'Home',
    roles: 'any',
    nav: true,
    group: 'Learn',
    render: ({ api, user }) => html`<lms-home .api=${api} .user=${user}></lms-home>`,
  },
  {
    path: 'courses',
    label: 'Courses',
    roles: 'any',
    nav: true,
    group: 'Learn',
    render: ({ api }) => html`<lms-courses .api=${api}></lms-courses>`,
  },
  {
    path: 'catalogue',
    label: 'Catalogue',
    roles: 'any',
    nav: true,
    group: 'Learn',
    render: ({ api, user }) => html`<lms-catalogue .api=${api} .user=${user}></lms-catalogue>`,
  },
  {
    path: 'player',
    label: 'Course player',
    roles: 'any',
    nav: false,
    // keyed by package so opening another course starts a fresh player
    render: ({ api, params }) => html`${keyed(params[0] ?? '', html`<lms-player .api=${api} .packageId=${params[0] ?? ''}></lms-player>`)}`,
  },
  {
    path: 'content',
    label: 'Content',
    roles: ['author', 'admin'],
    nav: true,
    group: 'Manage learning',
    render: ({ api }) => html`<lms-packages .api=${api}></lms-packages>`,
  },
  {
    path: 'package',
    label: 'Package',
    roles: ['author', 'admin'],
    nav: false,
    // keyed by package so opening another one starts fresh
    render: ({ api, user, params }) => html`${keyed(params[0] ?? '', html`<lms-package-page .api=${api} .user=${user} .packageId=${params[0] ?? ''}></lms-package-page>`)}`,
  },
  {
    path: 'my-learning',
    label: 'My learning',
    roles: 'any',
    nav: true,
    group: 'Learn',
    render: ({ api, user, params }) => html`<lms-my-learning .api=${api} .user=${user} .params=${params}></lms-my-learning>`,
  },
  {
    path: 'blended',
    label: 'Tasks & sessions',
    roles: 'any',
    nav: true,
    group: 'Learn',
    render: ({ api }) => html`<lms-blended-work .api=${api}></lms-blended-work>`,
  },
  {
    path: 'observe',
    label: 'Observation',
    roles: 'any',
    nav: false,
    render: ({ api, params }) =>
      html`${keyed(params.join('/'), html`<lms-observe .api=${api} .formId=${params[0] ?? ''} .personId=${params[1] ?? ''} .pathId=${params[2] ?? ''}></lms-observe>`)}`,
  },
  {
    path: 'attendance',
    label: 'Attendance',
    roles: 'any',
    nav: false,
    render: ({ api, params }) => html`${keyed(params.join('/'), html`<lms-attendance .api=${api} .eventId=${params[0] ?? ''} .sessionId=${params[1] ?? ''}></lms-attendance>`)}`,
  },
  {
    path: 'blended-setup',
    label: 'Blended learning',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'Manage learning',
    render: ({ api }) => html`<lms-blended-setup .api=${api}></lms-blended-setup>`,
  },
  {
    path: 'paths',
    label: 'Paths',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'Manage learning',
    render: ({ api }) => html`<lms-paths .api=${api}></lms-paths>`,
  },
  {
    path: 'competencies',
    label: 'Competencies',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'Manage learning',
    render: ({ api }) => html`<lms-competencies .api=${api}></lms-competencies>`,
  },
  {
    path: 'policies',
    label: 'Policies',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'Manage learning',
    render: ({ api }) => html`<lms-policies .api=${api}></lms-policies>`,
  },
  {
    path: 'team-competencies',
    label: 'Team competencies',
    roles: ['manager', 'hr', 'admin'],
    nav: true,
    group: 'My team',
    render: ({ api, user }) => html`<lms-team-competencies .api=${api} .user=${user}></lms-team-competencies>`,
  },
  {
    path: 'certificate',
    label: 'Certificate',
    roles: 'any',
    nav: false,
    render: ({ api, user, params }) => html`<lms-certificate .api=${api} .user=${user} .params=${params}></lms-certificate>`,
  },
  {
    path: 'people',
    label: 'People',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'People',
    render: ({ api }) => html`<lms-people .api=${api}></lms-people>`,
  },
  {
    path: 'person',
    label: 'Person',
    roles: ['hr', 'admin'],
    nav: false,
    // keyed by person so following a link to their manager loads a fresh page
    render: ({ api, params }) => html`${keyed(params[0] ?? '', html`<lms-person .api=${api} .personId=${params[0] ?? ''}></lms-person>`)}`,
  },
  {
    path: 'people-import',
    label: 'Import people',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'People',
    render: ({ api }) => html`<lms-people-import .api=${api}></lms-people-import>`,
  },
  {
    path: 'organisation',
    label: 'Organisation',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'People',
    render: ({ api }) => html`<lms-organisation .api=${api}></lms-organisation>`,
  },
  {
    path: 'rules',
    label: 'Rules',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'Manage learning',
    render: ({ api }) => html`<lms-rules .api=${api}></lms-rules>`,
  },
  {
    path: 'compliance',
    label: 'Calendar',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'Compliance',
    render: ({ api }) => html`<lms-compliance-calendar .api=${api}></lms-compliance-calendar>`,
  },
  {
    path: 'cmi5-waivers',
    label: 'Course unit waivers',
    roles: ['hr', 'admin'],
    // On the person's and the course's page now; the route stays for old links.
    nav: false,
    render: ({ api }) => html`<lms-cmi5-waivers .api=${api}></lms-cmi5-waivers>`,
  },
  {
    path: 'my-team',
    label: 'My team',
    roles: ['manager'],
    nav: true,
    group: 'My team',
    render: ({ api }) => html`<lms-my-team .api=${api}></lms-my-team>`,
  },
  {
    path: 'lrs-clients',
    label: 'LRS clients',
    roles: ['admin', 'hr'],
    nav: true,
    group: 'Settings',
    render: ({ api, user }) => html`<lms-lrs-clients .api=${api} .user=${user}></lms-lrs-clients>`,
  },
  {
    path: 'scim',
    label: 'User provisioning (SCIM)',
    roles: ['admin'],
    nav: true,
    group: 'Settings',
    render: ({ api }) => html`<lms-scim-tokens .api=${api}></lms-scim-tokens>`,
  },
  {
    path: 'notifications',
    label: 'Notifications',
    roles: 'any',
    nav: true,
    group: 'Learn',
    render: ({ api, user }) => html`<lms-notifications .api=${api} .user=${user}></lms-notifications>`,
  },
  {
    path: 'reports',
    label: 'Reports',
    roles: 'any',
    nav: true,
    group: 'Reports',
    render: ({ api, user, params }) => html`<lms-reports .api=${api} .user=${user} tab=${params[0] ?? 'compliance'}></lms-reports>`,
  },
  {
    path: 'password',
    label: 'Change password',
    roles: 'any',
    nav: false,
    render: ({ api }) => html`<lms-change-password .api=${api}></lms-change-password>`,
  },
  {
    path: 'sign-in-emails',
    label: 'Sign-in emails',
    roles: ['admin'],
    nav: true,
    group: 'Settings',
    render: ({ api }) => html`<lms-access-emails .api=${api}></lms-access-emails>`,
  },
  {
    path: 'email-templates',
    label: 'Email templates',
    roles: ['hr', 'admin'],
    nav: true,
    group: 'Settings',
    render: ({ api }) => html`<lms-email-templates .api=${api}></lms-email-templates>`,
  },
  {
    path: 'single-sign-on',
    label: 'Single sign-on',
    roles: ['admin'],
    nav: true,
    group: 'Settings',
    render: ({ api }) => html`<lms-sso-settings .api=${api}></lms-sso-settings>`,
  },
];

export function canOpen(view: PortalView, user: SessionUser): boolean {
  return view.roles === 'any' || user.roles.some((role) => view.roles.includes(role));
}

export { parseHash, viewHref } from './hash-route.js';
