/**
 * <lms-package-preview>: an author plays one item as a learner would, with nothing kept.
 * SCORM: the content origin's launch page asks this page for the SCORM API (scorm-again's
 * CrossFrameAPI); here a Scorm12API/Scorm2004API answers it in memory and commits nowhere
 * (its httpService discards every commit). cmi5 and xAPI: the content is framed without an
 * LRS endpoint or credentials (the server gives none for a preview), so nothing is sent.
 */
import { LitElement, css, html, nothing } from 'lit';
import { CrossFrameLMS, Scorm12API, Scorm2004API } from 'scorm-again';
import { color, controlStyles } from '../theme.js';

export interface PreviewAnswer {
  kind: 'scorm12' | 'scorm2004' | 'cmi5' | 'xapi';
  version: number;
  item: { id: string; title: string; launch: string };
  url: string;
}

/** A SCORM API that keeps the SCO's data in this page only. */
function inMemoryApi(kind: 'scorm12' | 'scorm2004', onEnd: () => void): Scorm12API | Scorm2004API {
  const discard = { processHttpRequest: () => ({ result: 'true', errorCode: 0 }), updateSettings: () => {} };
  const settings = { autocommit: false, logLevel: 5 as const, httpService: discard as never };
  if (kind === 'scorm12') {
    const api = new Scorm12API(settings);
    api.loadFromJSON({ core: { student_id: 'preview', student_name: 'Preview, Author' } } as never, 'cmi');
    api.on('LMSFinish', onEnd);
    return api;
  }
  const api = new Scorm2004API(settings);
  api.loadFromJSON({ learner_id: 'preview', learner_name: 'Preview, Author' } as never, 'cmi');
  api.on('Terminate', onEnd);
  return api;
}

export class LmsPackagePreview extends LitElement {
  static override properties = {
    preview: { attribute: false },
    ended: { state: true },
  };

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .frame {
        border: 1px solid ${color.border};
        border-radius: 0.375rem;
        background: ${color.surface};
        height: min(70vh, 40rem);
      }
      iframe {
        border: 0;
        width: 100%;
        height: 100%;
        display: block;
      }
      .note {
        color: ${color.muted};
        margin: 0.5rem 0;
      }
    `,
  ];

  declare preview: PreviewAnswer | null;
  declare private ended: boolean;
  #lms: CrossFrameLMS | null = null;
  #api: Scorm12API | Scorm2004API | null = null;

  constructor() {
    super();
    this.preview = null;
    this.ended = false;
  }

  /** What the SCO has set so far (for the author, and for tests). */
  get cmi(): unknown {
    return this.#api ? JSON.parse(JSON.stringify(this.#api.cmi)) : null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has('preview')) return;
    this.#stop();
    this.ended = false;
    const p = this.preview;
    if (p && (p.kind === 'scorm12' || p.kind === 'scorm2004')) {
      this.#api = inMemoryApi(p.kind, () => (this.ended = true));
      // Answers only the content origin's launch page (the preview URL's origin).
      this.#lms = new CrossFrameLMS(this.#api, new URL(p.url).origin, { rateLimit: 5000 });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  #stop(): void {
    this.#lms?.destroy();
    this.#lms = null;
    this.#api = null;
  }

  override render() {
    const p = this.preview;
    if (!p) return nothing;
    const scorm = p.kind === 'scorm12' || p.kind === 'scorm2004';
    return html`
      <p class="note" role="status">
        Previewing “${p.item.title}” (version ${p.version}) as a learner. Nothing is recorded: no attempt, no statements.
        ${scorm ? '' : 'cmi5 and xAPI content gets no learning record here; content that needs one to start may say so.'}
        ${this.ended ? html`<strong>The part has ended.</strong>` : nothing}
      </p>
      <div class="frame">
        <iframe
          title=${`Preview: ${p.item.title}`}
          src=${p.url}
          sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads"
          allow="fullscreen"
        ></iframe>
      </div>
    `;
  }
}

customElements.define('lms-package-preview', LmsPackagePreview);

declare global {
  interface HTMLElementTagNameMap {
    'lms-package-preview': LmsPackagePreview;
  }
}
