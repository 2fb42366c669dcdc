/**
 * <lms-packages>: authors upload content packages and see them. Two real progress bars:
 * the upload (bytes sent) and then the import job on the server (extraction). Each title
 * opens the package page (packages/lms-package-page.ts); import warnings are shown after
 * an upload; the sample packages can be loaded at any time (already loaded ones are skipped).
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from './api.js';
import { kindLabel } from './kind-labels.js';
import { color, controlStyles } from './theme.js';
import type { ImportWarning } from '#contract/packages.js';
import { StackedTableLabels, stackedTableStyles } from './stacked-table.js';

interface PackageSummary {
  id: string;
  title: string;
  kind: string;
  currentVersion: number;
  latestVersion: number;
  archivedAt: string | null;
}

interface JobStatus {
  state: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
  progress: number;
  result?: { packageId: string; version: number; title: string; warnings?: ImportWarning[] };
  failedReason?: string;
}

type Phase = { kind: 'idle' } | { kind: 'uploading'; pct: number } | { kind: 'importing'; pct: number };


/** A refusal in words: the server's message, and which rule and entry of the zip. */
function describeRefusal(message: string, details: unknown): string {
  const d = details as { rule?: string; entry?: string | null } | undefined;
  if (!d?.rule) return message;
  return `${message} (rule: ${d.rule}${d.entry ? `; entry: ${d.entry}` : ''})`;
}

export class LmsPackages extends LitElement {
  static override properties = {
    api: { attribute: false },
    packages: { state: true },
    phase: { state: true },
    error: { state: true },
    notice: { state: true },
    warnings: { state: true },
  };

  static override styles = [
    stackedTableStyles,
    controlStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.125rem;
        margin-bottom: 1rem;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 1rem;
        margin-bottom: 1rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
      }
      progress {
        width: 100%;
        height: 1rem;
      }
      .progress {
        display: grid;
        gap: 0.25rem;
        margin-bottom: 1rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.5rem;
        border-bottom: 1px solid ${color.border};
      }
      .empty,
      .hint {
        color: ${color.muted};
      }
      .hint {
        flex-basis: 100%;
        margin: 0;
      }
      .warnings {
        color: ${color.danger};
      }
      .samples {
        margin-top: 1rem;
      }
      /* A phone's width: the four columns fit when cells pad less and long words may break. */
      @media (max-width: 480px) {
        th,
        td {
          padding: 0.5rem 0.25rem;
          overflow-wrap: anywhere;
        }
      }
      .archived {
        margin-left: 0.25rem;
        font-size: 0.875rem;
        color: ${color.danger};
      }
      select {
        font: inherit;
        min-height: 2.75rem;
        padding: 0.25rem 0.5rem;
        color: ${color.text};
        background: ${color.surface};
        border: 1px solid ${color.controlBorder};
        border-radius: 0.375rem;
      }
      select:focus-visible {
        outline: 3px solid ${color.accent};
        outline-offset: 2px;
      }
    `,
  ];

  declare api: Api;
  declare private packages: PackageSummary[];
  declare private phase: Phase;
  declare private error: string | null;
  declare private notice: string | null;
  declare private warnings: ImportWarning[];

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.packages = [];
    this.phase = { kind: 'idle' };
    this.error = null;
    this.notice = null;
    this.warnings = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  override render() {
    const busy = this.phase.kind !== 'idle';
    return html`
      <h2 id="packages-title">Content packages</h2>
      <form @submit=${this.#upload}>
        <label
          >Package zip (SCORM 1.2, SCORM 2004, cmi5 or xAPI)
          <input type="file" name="file" accept=".zip,application/zip" required ?disabled=${busy} />
        </label>
        <button class="primary" type="submit" ?disabled=${busy}>Upload</button>
        <p class="hint">A zip whose manifest has the same course identifier as a package below becomes a new version of that package.</p>
      </form>
      ${this.phase.kind === 'uploading'
        ? html`<div class="progress"><label for="upload-progress">Uploading: ${this.phase.pct}%</label
            ><progress id="upload-progress" max="100" .value=${this.phase.pct}></progress></div>`
        : nothing}
      ${this.phase.kind === 'importing'
        ? html`<div class="progress"><label for="import-progress">Importing: ${this.phase.pct}%</label
            ><progress id="import-progress" max="100" .value=${this.phase.pct}></progress></div>`
        : nothing}
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">
        ${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}
        ${this.warnings.length
          ? html`<p>Imported with warnings (the course plays; check these):</p>
              <ul class="warnings" aria-label="Import warnings">
                ${this.warnings.map((w) => html`<li>${w.message}</li>`)}
              </ul>`
          : nothing}
      </div>
      ${this.packages.length
        ? html`<table class="stack" aria-labelledby="packages-title">
            <thead>
              <tr><th scope="col">Title</th><th scope="col">Kind</th><th scope="col">Version for new learners</th><th scope="col">Latest version</th></tr>
            </thead>
            <tbody>
              ${this.packages.map(
                (p) => html`<tr data-package-id=${p.id}>
                  <td>
                    <a href=${`#/package/${encodeURIComponent(p.id)}`}>${p.title}</a>
                    ${p.archivedAt ? html`<span class="archived">Archived</span>` : nothing}
                  </td>
                  <td>${kindLabel(p.kind)}</td>
                  <td>${p.latestVersion > 1 ? this.#versionChooser(p, busy) : p.currentVersion}</td>
                  <td>${p.latestVersion}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="empty">No packages yet.</p>`}
      <div class="samples">
        <button type="button" class="secondary" ?disabled=${busy} @click=${this.#loadSamples}>Load the sample packages</button>
      </div>
    `;
  }

  /** Which version new learners get (learners keep the version their attempt started on). */
  #versionChooser(p: PackageSummary, busy: boolean) {
    const versions = Array.from({ length: p.latestVersion }, (_, i) => i + 1);
    return html`<select
      aria-label=${`Version of “${p.title}” for new learners`}
      ?disabled=${busy}
      @change=${(e: Event) => void this.#chooseVersion(p, Number((e.target as HTMLSelectElement).value))}
    >
      ${versions.map((v) => html`<option value=${v} ?selected=${v === p.currentVersion}>Version ${v}</option>`)}
    </select>`;
  }

  async #chooseVersion(p: PackageSummary, version: number): Promise<void> {
    this.error = null;
    this.notice = null;
    try {
      await this.api.request('PUT', `/api/packages/${encodeURIComponent(p.id)}/current-version`, { version });
      this.notice = `New learners of “${p.title}” now get version ${version}. Attempts already started keep their version.`;
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'The version could not be changed.';
    }
    await this.#load();
  }

  /** Demo content for an empty LMS: the project's own sample packages. */
  async #loadSamples(): Promise<void> {
    this.error = null;
    this.notice = null;
    this.phase = { kind: 'importing', pct: 0 };
    try {
      const { jobIds, skipped } = await this.api.request<{ jobIds: string[]; skipped: string[] }>('POST', '/api/packages/samples');
      let done = 0;
      for (const id of jobIds) {
        const job = await this.#waitForJob(id);
        if (job.state === 'failed') throw new ApiError(0, 'import_failed', `A sample could not be imported: ${job.failedReason}`);
        done++;
        this.phase = { kind: 'importing', pct: Math.round((done / jobIds.length) * 100) };
      }
      this.notice = `Loaded ${jobIds.length} sample packages${skipped.length ? ` (${skipped.length} already loaded)` : ''}.`;
      await this.#load();
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'The samples could not be loaded.';
    } finally {
      this.phase = { kind: 'idle' };
    }
  }

  async #load(): Promise<void> {
    try {
      this.packages = (await this.api.request<{ items: PackageSummary[] }>('GET', '/api/packages?archived=include')).items;
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'Could not load the packages.';
    }
  }

  async #upload(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).querySelector<HTMLInputElement>('input[type=file]')!;
    const file = input.files?.[0];
    if (!file) return;
    this.error = null;
    this.notice = null;
    this.warnings = [];
    this.phase = { kind: 'uploading', pct: 0 };
    try {
      const { jobId } = await this.api.upload<{ jobId: string }>('/api/packages', file, (f) => {
        this.phase = { kind: 'uploading', pct: Math.round(f * 100) };
      });
      this.phase = { kind: 'importing', pct: 0 };
      const job = await this.#waitForJob(jobId);
      if (job.state === 'failed') {
        let reason: { rule?: string; entry?: string; message?: string } | null = null;
        try {
          reason = JSON.parse(job.failedReason ?? '');
        } catch {
          reason = null;
        }
        this.error = reason?.rule ? describeRefusal(reason.message ?? 'The package could not be imported', reason) : `The package could not be imported: ${job.failedReason}`;
      } else {
        this.notice = `Imported “${job.result!.title}” as version ${job.result!.version}.`;
        this.warnings = job.result!.warnings ?? [];
        input.value = '';
        await this.#load();
      }
    } catch (error) {
      this.error = error instanceof ApiError ? describeRefusal(error.message, error.details) : 'The upload failed. Please try again.';
    } finally {
      this.phase = { kind: 'idle' };
    }
  }

  async #waitForJob(jobId: string): Promise<JobStatus> {
    for (;;) {
      const job = await this.api.request<JobStatus>('GET', `/api/jobs/${encodeURIComponent(jobId)}`);
      if (job.state === 'completed' || job.state === 'failed') return job;
      this.phase = { kind: 'importing', pct: Math.round(job.progress) };
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

customElements.define('lms-packages', LmsPackages);

declare global {
  interface HTMLElementTagNameMap {
    'lms-packages': LmsPackages;
  }
}
