/**
 * <lms-package-page>: one package for its authors (`#/package/<id>`): preview as a learner
 * (nothing recorded), the structure tree with launch paths, versions with what changed and
 * how many learners are on each, the version new learners get, where the package is used,
 * archive/restore and delete (refused by the server, with the reason, while anything uses it).
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api, type SessionUser } from '../api.js';
import '../catalogue/lms-self-enrolment.js';
import '../hr/lms-person-picker.js';
import '../hr/lms-unit-waivers.js';
import { kindLabel } from '../kind-labels.js';
import { color, controlStyles } from '../theme.js';
import './lms-package-preview.js';
import type { PreviewAnswer } from './lms-package-preview.js';
import type { PackageDetails, PackageUsage, StructureNode } from '#contract/packages.js';
import { changesInWords } from './version-changes.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

export class LmsPackagePage extends LitElement {
  static override properties = {
    api: { attribute: false },
    user: { attribute: false },
    packageId: { type: String },
    pkg: { state: true },
    usage: { state: true },
    shownVersion: { state: true },
    preview: { state: true },
    error: { state: true },
    notice: { state: true },
    deleted: { state: true },
    waiverPerson: { state: true },
  };

  static override styles = [
    stackedTableStyles,
    controlStyles,
    css`
      :host {
        display: block;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        margin-bottom: 1rem;
      }
      h2 {
        font-size: 1.25rem;
        margin: 0;
      }
      h3 {
        font-size: 1.05rem;
        margin: 1.5rem 0 0.5rem;
      }
      .badge {
        font-size: 0.875rem;
        padding: 0.125rem 0.5rem;
        border-radius: 999px;
        border: 1px solid ${color.controlBorder};
        color: ${color.muted};
      }
      .badge.archived {
        color: ${color.danger};
        border-color: ${color.danger};
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: end;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
      }
      select {
        font: inherit;
        min-height: 2.75rem;
        padding: 0.25rem 0.5rem;
        max-width: 100%;
        color: ${color.text};
        background: ${color.surface};
        border: 1px solid ${color.controlBorder};
        border-radius: 0.375rem;
      }
      ul.tree,
      ul.tree ul {
        list-style: none;
        padding-left: 1.25rem;
        margin: 0;
      }
      ul.tree {
        padding-left: 0;
      }
      ul.tree li {
        padding: 0.125rem 0;
      }
      code {
        font-size: 0.875rem;
        color: ${color.muted};
        overflow-wrap: anywhere;
      }
      .table-wrap {
        overflow-x: auto;
      }
      .table-wrap:focus-visible {
        outline: 3px solid ${color.accent};
        outline-offset: 2px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 0.5rem;
        border-bottom: 1px solid ${color.border};
      }
      .muted {
        color: ${color.muted};
      }
      .warnings {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
        color: ${color.danger};
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      button.danger {
        background: ${color.surface};
        color: ${color.danger};
        border-color: ${color.danger};
      }
    `,
  ];

  declare api: Api;
  declare user: SessionUser | undefined;
  declare packageId: string;
  declare private pkg: PackageDetails | null;
  declare private usage: PackageUsage | null;
  declare private shownVersion: number;
  declare private preview: PreviewAnswer | null;
  declare private error: string | null;
  declare private notice: string | null;
  declare private deleted: boolean;
  /** The person whose units HR waives here (cmi5 packages). */
  declare private waiverPerson: { id: string; name: string } | null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.packageId = '';
    this.pkg = null;
    this.usage = null;
    this.shownVersion = 0;
    this.preview = null;
    this.error = null;
    this.notice = null;
    this.deleted = false;
    this.waiverPerson = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const id = encodeURIComponent(this.packageId);
      const [pkg, usage] = await Promise.all([
        this.api.request<PackageDetails>('GET', `/api/packages/${id}`),
        this.api.request<PackageUsage>('GET', `/api/packages/${id}/usage`),
      ]);
      this.pkg = pkg;
      this.usage = usage;
      if (!pkg.versions.some((v) => v.version === this.shownVersion)) this.shownVersion = pkg.currentVersion;
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'Could not load the package.';
    }
  }

  override render() {
    if (this.deleted) return html`<p role="status">The package was deleted. <a href="#/content">Back to Content</a></p>`;
    const p = this.pkg;
    if (!p) return html`<div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : html`<p>Loading…</p>`}</div>`;
    const shown = p.versions.find((v) => v.version === this.shownVersion) ?? p.versions[p.versions.length - 1]!;
    return html`
      <p><a href="#/content">← Content</a></p>
      <header>
        <h2 id="package-title">${p.title}</h2>
        <span class="badge">${kindLabel(p.kind)}</span>
        ${p.archivedAt ? html`<span class="badge archived">Archived</span>` : nothing}
      </header>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>

      <section aria-labelledby="preview-h">
        <h3 id="preview-h">Preview as a learner</h3>
        <div class="row">
          <label
            >Version
            <select id="version" @change=${(e: Event) => ((this.shownVersion = Number((e.target as HTMLSelectElement).value)), (this.preview = null))}>
              ${p.versions.map((v) => html`<option value=${v.version} ?selected=${v.version === shown.version}>Version ${v.version}${v.version === p.currentVersion ? ' (new learners)' : ''}</option>`)}
            </select>
          </label>
          <button class="primary" type="button" @click=${() => this.#preview(shown.version)}>Preview</button>
          ${this.preview ? html`<button class="secondary" type="button" @click=${() => (this.preview = null)}>Close preview</button>` : nothing}
        </div>
        <lms-package-preview .preview=${this.preview}></lms-package-preview>
      </section>

      <section aria-labelledby="structure-h">
        <h3 id="structure-h">Structure of version ${shown.version}</h3>
        <ul class="tree" aria-label=${`Structure of version ${shown.version}`}>
          ${this.#tree(shown.tree, shown.version)}
        </ul>
      </section>

      <section aria-labelledby="versions-h">
        <h3 id="versions-h">Versions</h3>
        <p class="muted">Uploading a zip whose manifest has the same identifier (<code>${p.identity}</code>) adds a version here. Learners keep the version they started.</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Versions (scrolls sideways on narrow screens)">
          <table class="stack" aria-labelledby="versions-h">
            <thead>
              <tr><th scope="col">Version</th><th scope="col">Uploaded</th><th scope="col">What changed</th><th scope="col">Learners</th><th scope="col">New learners</th></tr>
            </thead>
            <tbody>
              ${[...p.versions].reverse().map(
                (v) => html`<tr data-version=${v.version}>
                  <td>${v.version}</td>
                  <td>${new Date(v.createdAt).toLocaleDateString()}<br /><span class="muted">${v.files} files</span></td>
                  <td>
                    ${changesInWords(v.changes)}
                    ${v.changes && v.changes.added.length + v.changes.removed.length + v.changes.changed.length
                      ? html`<ul class="muted">
                          ${v.changes.added.map((c) => html`<li>Added: ${c.title}</li>`)} ${v.changes.removed.map((c) => html`<li>Removed: ${c.title}</li>`)}
                          ${v.changes.changed.map((c) => html`<li>Changed (${c.what.join(', ')}): ${c.title}</li>`)}
                        </ul>`
                      : nothing}
                    ${v.warnings.length
                      ? html`<ul class="warnings" aria-label="Import warnings">
                          ${v.warnings.map((w) => html`<li>${w.message}</li>`)}
                        </ul>`
                      : nothing}
                  </td>
                  <td>${this.usage?.learnersByVersion[v.version] ?? 0}</td>
                  <td>
                    ${v.version === p.currentVersion
                      ? html`<strong>Current</strong>`
                      : html`<button class="secondary" type="button" @click=${() => this.#choose(v.version)}>Use for new learners</button>`}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="usage-h">
        <h3 id="usage-h">Where it is used</h3>
        ${this.#usage()}
      </section>

      <section aria-labelledby="catalogue-h">
        <h3 id="catalogue-h">Catalogue</h3>
        <lms-self-enrolment .api=${this.api} packageId=${this.packageId} canOpen ?canRestrict=${this.user?.roles.some((r) => r === 'hr' || r === 'admin') ?? false}></lms-self-enrolment>
      </section>

      ${p.kind === 'cmi5' && this.user?.roles.some((r) => r === 'hr' || r === 'admin')
        ? html`<section aria-labelledby="waivers-h">
            <h3 id="waivers-h">Course unit waivers</h3>
            <p class="muted">Waive a unit for someone who has shown the skill another way; it then counts as met for the course.</p>
            <lms-person-picker .api=${this.api} label="Person whose units to waive" @pick=${(e: CustomEvent<{ id: string; name: string }>) => (this.waiverPerson = e.detail.id ? e.detail : null)}></lms-person-picker>
            ${this.waiverPerson ? html`<lms-unit-waivers .api=${this.api} .person=${this.waiverPerson} packageId=${this.packageId}></lms-unit-waivers>` : nothing}
          </section>`
        : nothing}

      <section aria-labelledby="retire-h">
        <h3 id="retire-h">Archive or delete</h3>
        <p class="muted">Archiving hides the package from new assignments, pickers and new learners; records and started attempts stay. Delete is possible only for a package nobody has used.</p>
        <div class="actions">
          ${p.archivedAt
            ? html`<button class="secondary" type="button" @click=${() => this.#archive(false)}>Restore</button>`
            : html`<button class="secondary" type="button" @click=${() => this.#archive(true)}>Archive</button>`}
          <button class="danger" type="button" @click=${this.#delete}>Delete…</button>
        </div>
      </section>
    `;
  }

  #tree(nodes: StructureNode[], version: number): unknown {
    return nodes.map(
      (n) => html`<li>
        <span>${n.title}</span>${n.hidden ? html` <span class="muted">(hidden)</span>` : nothing}
        ${n.launch
          ? html` <code>${n.launch}</code>
              <button class="secondary" type="button" aria-label=${`Preview “${n.title}”`} @click=${() => this.#preview(version, n.id)}>Preview</button>`
          : nothing}
        ${n.children.length ? html`<ul>${this.#tree(n.children, version)}</ul>` : nothing}
      </li>`,
    );
  }

  #usage() {
    const u = this.usage;
    if (!u) return nothing;
    const none = !u.attempts && !u.statements && !u.paths.length && !u.rules.length && !u.assignments && !u.competencyFrameworks.length && !u.milestones.length;
    if (none) return html`<p>Not used yet: no learner, path, rule, competency, milestone or record names it.</p>`;
    return html`<ul>
      <li>Attempts by learners: ${u.attempts}</li>
      <li>Statements in the learning record: ${u.statements >= 1000 ? '1000 or more' : u.statements}</li>
      <li>
        Learning paths: ${u.paths.length ? u.paths.map((p) => p.title).join(', ') : 'none'}
      </li>
      <li>Assignment rules (requirements): ${u.rules.length ? u.rules.map((r) => `${r.name}${r.active ? '' : ' (inactive)'}`).join(', ') : 'none'}</li>
      <li>Assignments: ${u.assignments}</li>
      ${u.competencyFrameworks.length ? html`<li>Competency evidence in: ${u.competencyFrameworks.map((f) => f.name).join(', ')}</li>` : nothing}
      ${u.milestones.length ? html`<li>Onboarding milestone of: ${u.milestones.map((m) => m.jobRole).join(', ')}</li>` : nothing}
    </ul>`;
  }

  async #preview(version: number, item?: string): Promise<void> {
    this.error = null;
    try {
      const q = new URLSearchParams({ version: String(version), ...(item ? { item } : {}) });
      this.shownVersion = version;
      this.preview = await this.api.request<PreviewAnswer>('GET', `/api/packages/${encodeURIComponent(this.packageId)}/preview?${q}`);
      await this.updateComplete;
      this.renderRoot.querySelector('lms-package-preview')?.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'The preview could not start.';
    }
  }

  async #choose(version: number): Promise<void> {
    await this.#act(
      () => this.api.request('PUT', `/api/packages/${encodeURIComponent(this.packageId)}/current-version`, { version }),
      `New learners now get version ${version}. Attempts already started keep their version.`,
    );
  }

  async #archive(archived: boolean): Promise<void> {
    await this.#act(
      () => this.api.request('PUT', `/api/packages/${encodeURIComponent(this.packageId)}/archived`, { archived }),
      archived ? 'Archived: no one new is offered this package. Records are kept.' : 'Restored: the package is offered again.',
    );
  }

  #delete = async (): Promise<void> => {
    if (!confirm(`Delete “${this.pkg?.title}” with all its versions and files? This cannot be undone.`)) return;
    this.error = null;
    this.notice = null;
    try {
      await this.api.request('DELETE', `/api/packages/${encodeURIComponent(this.packageId)}`);
      this.deleted = true;
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'The package could not be deleted.';
    }
  };

  async #act(call: () => Promise<unknown>, done: string): Promise<void> {
    this.error = null;
    this.notice = null;
    try {
      await call();
      this.notice = done;
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'That did not work; please try again.';
    }
    await this.#load();
  }
}

customElements.define('lms-package-page', LmsPackagePage);

declare global {
  interface HTMLElementTagNameMap {
    'lms-package-page': LmsPackagePage;
  }
}
