/**
 * <lms-self-enrolment>: a package's place in the catalogue. Authors open or close it for
 * self-enrolment; HR (with `canRestrict`) limits who may enrol by department, location or
 * job role, chosen from the organisation's lists (the same criteria as assignment rules).
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { controlStyles } from '../theme.js';
import '../hr/lms-org-chips.js';

interface Audience {
  departments?: string[];
  locations?: string[];
  jobRoles?: Array<{ jobRole: string }>;
  [other: string]: unknown;
}

interface Settings {
  open: boolean;
  audience: Audience | null;
}

type Key = 'departments' | 'locations' | 'jobRoles';

export function describeAudience(a: Audience | null): string {
  if (!a) return 'Everyone may enrol.';
  const parts: string[] = [];
  if (a.departments?.length) parts.push(`department ${a.departments.join(' or ')}`);
  if (a.locations?.length) parts.push(`location ${a.locations.join(' or ')}`);
  if (a.jobRoles?.length) parts.push(`job role ${a.jobRoles.map((r) => r.jobRole).join(' or ')}`);
  return parts.length ? `Only people with ${parts.join(', and ')} may enrol.` : 'Only some people may enrol.';
}

export class LmsSelfEnrolment extends LitElement {
  static override properties = {
    api: { attribute: false },
    packageId: {},
    courseTitle: {},
    canOpen: { type: Boolean },
    canRestrict: { type: Boolean },
    settings: { state: true },
    org: { state: true },
    chosen: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: end;
        margin: 0.5rem 0;
      }
      .row.top {
        align-items: start;
      }
      .choice {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-weight: 600;
      }
      .choice input {
        width: auto;
        min-height: auto;
      }
    `,
  ];

  declare api: Api;
  declare packageId: string;
  /** Names the controls when several courses are listed on one page. */
  declare courseTitle: string;
  declare canOpen: boolean;
  declare canRestrict: boolean;
  declare private settings: Settings | null;
  declare private org: Record<Key, Array<{ name: string }>> | null;
  declare private chosen: Record<Key, string[]>;
  declare private error: string | null;
  declare private notice: string | null;

  constructor() {
    super();
    this.packageId = '';
    this.courseTitle = '';
    this.canOpen = false;
    this.canRestrict = false;
    this.settings = null;
    this.org = null;
    this.chosen = { departments: [], locations: [], jobRoles: [] };
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const [settings, org] = await Promise.all([
        this.api.request<Settings>('GET', `/api/packages/${encodeURIComponent(this.packageId)}/self-enrolment`),
        this.canRestrict ? this.api.request<Record<Key, Array<{ name: string }>>>('GET', '/api/org') : Promise.resolve(null),
      ]);
      this.#show(settings);
      this.org = org;
    } catch (err) {
      this.#fail(err);
    }
  }

  #show(settings: Settings): void {
    this.settings = settings;
    const a = settings.audience;
    this.chosen = { departments: a?.departments ?? [], locations: a?.locations ?? [], jobRoles: (a?.jobRoles ?? []).map((r) => r.jobRole) };
  }

  override render() {
    const s = this.settings;
    if (!s) return html`<div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>`;
    const of = this.courseTitle ? ` for ${this.courseTitle}` : '';
    const chips = (key: Key, label: string) =>
      html`<lms-org-chips
        label=${label}
        .options=${(this.org?.[key] ?? []).map((v) => v.name)}
        .values=${this.chosen[key]}
        @change=${(e: CustomEvent<string[]>) => (this.chosen = { ...this.chosen, [key]: e.detail })}
      ></lms-org-chips>`;
    return html`
      <label class="choice"
        ><input type="checkbox" .checked=${s.open} ?disabled=${!this.canOpen} aria-label=${`Open for self-enrolment${of}`} @change=${(e: Event) => this.#setOpen((e.target as HTMLInputElement).checked)} /> Open for
        self-enrolment: learners find it in their catalogue</label
      >
      <p>${s.open ? describeAudience(s.audience) : 'Only people it is assigned to see it.'}</p>
      ${this.canRestrict && s.open
        ? html`<fieldset>
            <legend>Who may enrol${of} (empty: everyone)</legend>
            <div class="row top">${chips('departments', 'Departments')} ${chips('locations', 'Locations')} ${chips('jobRoles', 'Job roles')}</div>
            <div class="row"><button class="primary" type="button" @click=${this.#saveAudience}>Save who may enrol${of}</button></div>
          </fieldset>`
        : nothing}
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
    `;
  }

  async #setOpen(open: boolean): Promise<void> {
    try {
      this.#show(await this.api.request<Settings>('PUT', `/api/packages/${encodeURIComponent(this.packageId)}/self-enrolment`, { open }));
      this.error = null;
      this.notice = open ? 'Open for self-enrolment.' : 'Closed: no one new can enrol; those enrolled keep it.';
    } catch (err) {
      this.#fail(err);
      await this.#load();
    }
  }

  #saveAudience = async (): Promise<void> => {
    const { departments, locations, jobRoles } = this.chosen;
    const audience: Audience = {};
    if (departments.length) audience.departments = departments;
    if (locations.length) audience.locations = locations;
    if (jobRoles.length) audience.jobRoles = jobRoles.map((jobRole) => ({ jobRole }));
    try {
      const body = { audience: Object.keys(audience).length ? audience : null };
      this.#show(await this.api.request<Settings>('PUT', `/api/packages/${encodeURIComponent(this.packageId)}/self-enrolment/audience`, body));
      this.error = null;
      this.notice = `Saved. ${describeAudience(this.settings!.audience)}`;
    } catch (err) {
      this.#fail(err);
    }
  };

  #fail(err: unknown): void {
    this.notice = null;
    this.error = err instanceof ApiError ? err.message : String(err);
  }
}

customElements.define('lms-self-enrolment', LmsSelfEnrolment);
