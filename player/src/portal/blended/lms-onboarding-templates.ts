/**
 * <lms-onboarding-templates>: HR marks a learning path as a job role's onboarding journey
 * (assigned on hire by the rule it creates, to people hired after a date) and picks the
 * steps due by day 30, 60 and 90 after hire: the checkpoints the onboarding report follows.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { learningStyles } from '../learning-styles.js';
import { color, controlStyles } from '../theme.js';

interface PathView {
  id: string;
  title: string;
  steps: Array<{ id: string; title: string }>;
}

interface Template {
  pathId: string;
  pathTitle: string;
  jobRole: string | null;
  hiredAfter: string | null;
  checkpoints: Array<{ day: number; stepIds: string[]; steps: string[] }>;
}

const DAYS = [30, 60, 90] as const;

export class LmsOnboardingTemplates extends LitElement {
  static override properties = {
    api: { attribute: false },
    paths: { state: true },
    templates: { state: true },
    jobRoles: { state: true },
    pathId: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [
    controlStyles,
    learningStyles,
    css`
      fieldset.checkpoint {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        min-width: 12rem;
        border: 1px solid ${color.border};
        border-radius: 0.375rem;
        padding: 0.5rem 0.75rem;
      }
    `,
  ];

  declare api: Api;
  declare private paths: PathView[];
  declare private templates: Template[];
  declare private jobRoles: string[];
  declare private pathId: string;
  declare private error: string | null;
  declare private notice: string | null;

  constructor() {
    super();
    this.paths = [];
    this.templates = [];
    this.jobRoles = [];
    this.pathId = '';
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    const [paths, templates, org] = await Promise.all([
      this.api.request<{ items: PathView[] }>('GET', '/api/paths'),
      this.api.request<{ items: Template[] }>('GET', '/api/blended/onboarding-templates'),
      this.api.request<{ jobRoles: Array<{ name: string }> }>('GET', '/api/org'),
    ]);
    this.paths = paths.items;
    this.templates = templates.items;
    this.jobRoles = org.jobRoles.map((r) => r.name);
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.error = null;
    this.notice = null;
    const jobRole = String(f.get('jobRole') ?? '').trim();
    const hiredAfter = String(f.get('hiredAfter') ?? '');
    const checkpoints = DAYS.map((day) => ({ day, stepIds: f.getAll(`day${day}`).map(String) })).filter((c) => c.stepIds.length);
    try {
      await this.api.request('PUT', `/api/blended/onboarding-templates/${encodeURIComponent(this.pathId)}`, { jobRole, ...(hiredAfter ? { hiredAfter } : {}), checkpoints });
      this.notice = `Onboarding template saved for ${jobRole}: new hires are assigned it on their hire date.`;
      await this.#load();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'The template could not be saved.';
    }
  }

  override render() {
    const path = this.paths.find((p) => p.id === this.pathId);
    const current = this.templates.find((t) => t.pathId === this.pathId);
    // New hires from a month back are still in their first checkpoint.
    const defaultAfter = current?.hiredAfter ?? new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    return html`
      <section class="card" aria-labelledby="onb-h">
        <h2 id="onb-h">Onboarding journeys</h2>
        <p class="muted">A path becomes a job role's onboarding template: everyone in the role hired after the date is assigned it on their hire date (an import, SCIM or an edit), due 90 days after hire. The onboarding report shows each new hire's 30, 60 and 90-day checkpoints.</p>
        ${this.templates.length
          ? html`<ul>
              ${this.templates.map(
                (t) => html`<li data-template=${t.pathId}>
                  <strong>${t.pathTitle}</strong> <span class="muted">· ${t.jobRole ?? 'no rule assigns it'}${t.hiredAfter ? ` · hired after ${t.hiredAfter}` : ''}</span>
                  ${t.checkpoints.map((c) => html`<br /><span class="muted">Day ${c.day}: ${c.steps.join(', ')}</span>`)}
                </li>`,
              )}
            </ul>`
          : html`<p class="muted">No onboarding templates yet.</p>`}
        <form aria-labelledby="new-onb-h" @submit=${this.#save}>
          <h3 id="new-onb-h">Make a path an onboarding template</h3>
          <div class="row">
            <label class="field"
              >Path
              <select name="path" required @change=${(e: Event) => (this.pathId = (e.target as HTMLSelectElement).value)}>
                <option value="">Choose…</option>
                ${this.paths.map((p) => html`<option value=${p.id} ?selected=${p.id === this.pathId}>${p.title}</option>`)}
              </select>
            </label>
            <label class="field"
              >Job role
              <select name="jobRole" required>
                <option value="">Choose…</option>
                ${this.jobRoles.map((r) => html`<option value=${r} ?selected=${r === current?.jobRole}>${r}</option>`)}
              </select>
            </label>
            <label class="field">Assign to people hired after <input type="date" name="hiredAfter" .value=${defaultAfter} /></label>
          </div>
          ${path
            ? html`<div class="row">
                ${DAYS.map(
                  (day) => html`<fieldset class="checkpoint">
                    <legend>Due by day ${day}</legend>
                    ${path.steps.map(
                      (s) => html`<label class="check"><input type="checkbox" name=${`day${day}`} value=${s.id} ?checked=${!!current?.checkpoints.find((c) => c.day === day)?.stepIds.includes(s.id)} /> ${s.title}</label>`,
                    )}
                  </fieldset>`,
                )}
              </div>`
            : nothing}
          <div class="row"><button type="submit" class="primary" ?disabled=${!path}>Save onboarding template</button></div>
          <div role="alert">${this.error ? html`<p class="field-error">${this.error}</p>` : nothing}</div>
          <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
        </form>
      </section>
    `;
  }
}

customElements.define('lms-onboarding-templates', LmsOnboardingTemplates);
