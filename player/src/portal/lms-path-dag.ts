/**
 * <lms-path-dag>: a small SVG drawing of a path's steps, one column per layer (a step sits
 * right of its deepest prerequisite), arrows from prerequisite to step. Decorative beside
 * the step list, which says the same in text; the SVG carries a summary for screen readers.
 */
import { LitElement, css, html, svg, nothing } from 'lit';
import { color } from './theme.js';
import { STATE_LABELS } from './learning-styles.js';

export interface DagStep {
  id: string;
  title: string;
  prerequisites: string[];
  state?: string;
}

const BOX_W = 170;
const BOX_H = 46;
const GAP_X = 56;
const GAP_Y = 18;
const PAD = 8;

const FILL: Record<string, string> = { complete: '#ecfdf3', unlocked: '#eef2ff', in_progress: '#eef2ff', locked: '#f2f4f7' };
const STROKE: Record<string, string> = { complete: '#05603a', unlocked: '#1e40af', in_progress: '#1e40af', locked: '#4a5565' };

function clip(text: string, max = 22): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export class LmsPathDag extends LitElement {
  static override properties = {
    steps: { attribute: false },
    layers: { attribute: false },
    highlight: { attribute: false },
  };

  static override styles = css`
    :host {
      display: block;
      overflow-x: auto;
    }
    svg {
      display: block;
      max-width: 100%;
      height: auto;
    }
  `;

  declare steps: DagStep[];
  declare layers: string[][];
  /** Step ids drawn in the danger colour (e.g. a cycle). */
  declare highlight: string[];

  constructor() {
    super();
    this.steps = [];
    this.layers = [];
    this.highlight = [];
  }

  override render() {
    if (!this.steps.length || !this.layers.length) return nothing;
    const pos = new Map<string, { x: number; y: number }>();
    this.layers.forEach((layer, col) =>
      layer.forEach((id, row) => pos.set(id, { x: PAD + col * (BOX_W + GAP_X), y: PAD + row * (BOX_H + GAP_Y) })),
    );
    const width = PAD * 2 + this.layers.length * BOX_W + (this.layers.length - 1) * GAP_X;
    const height = PAD * 2 + Math.max(...this.layers.map((l) => l.length)) * (BOX_H + GAP_Y) - GAP_Y;
    const byId = new Map(this.steps.map((s) => [s.id, s]));
    const summary = this.layers.map((l, i) => `Stage ${i + 1}: ${l.map((id) => byId.get(id)?.title ?? id).join(', ')}`).join('. ');
    return html`<svg viewBox="0 0 ${width} ${height}" width=${width} height=${height} role="img" aria-label=${`Path diagram. ${summary}`}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5565"></path>
        </marker>
      </defs>
      ${this.steps.flatMap((s) =>
        s.prerequisites
          .filter((p) => pos.has(p) && pos.has(s.id))
          .map((p) => {
            const a = pos.get(p)!;
            const b = pos.get(s.id)!;
            return svg`<line x1=${a.x + BOX_W} y1=${a.y + BOX_H / 2} x2=${b.x} y2=${b.y + BOX_H / 2} stroke="#4a5565" stroke-width="1.5" marker-end="url(#arrow)"></line>`;
          }),
      )}
      ${this.steps
        .filter((s) => pos.has(s.id))
        .map((s, index) => {
          const { x, y } = pos.get(s.id)!;
          const bad = this.highlight.includes(s.id);
          const state = s.state ?? 'unlocked';
          return svg`<g>
            <rect x=${x} y=${y} width=${BOX_W} height=${BOX_H} rx="6" fill=${bad ? '#fef3f2' : (FILL[state] ?? '#fff')} stroke=${bad ? '#b42318' : (STROKE[state] ?? '#4a5565')} stroke-width=${bad ? 3 : 1.5}></rect>
            <text x=${x + 10} y=${y + 19} font-size="13" font-weight="600" fill="${color.text.cssText}">${clip(s.title)}</text>
            <text x=${x + 10} y=${y + 36} font-size="11" fill="#4a5565">${s.state ? (STATE_LABELS[s.state] ?? s.state) : `Step ${index + 1}`}</text>
          </g>`;
        })}
    </svg>`;
  }
}

customElements.define('lms-path-dag', LmsPathDag);

declare global {
  interface HTMLElementTagNameMap {
    'lms-path-dag': LmsPathDag;
  }
}
