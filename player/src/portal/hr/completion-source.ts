/**
 * Under a requirement's status badge: where the completion that counted came from, and
 * which completions did not count and why (a statement from a tool HR has not allowed to
 * certify it, say), so HR need not read the record to explain a status.
 */
import { css, html, nothing } from 'lit';
import { color } from '../theme.js';
import { formatDate } from './hr-styles.js';

export interface CompletionSourceView {
  kind: string;
  label: string;
  authority: string;
  ref?: string;
}

export interface NotCountedView {
  statementId: string;
  at: string;
  reason: string;
  source: string;
}

/** The fields of a compliance status item this note reads. */
export interface CompletionFacts {
  status: string;
  completionSource?: CompletionSourceView;
  notCounted?: NotCountedView[];
}

export function completionNote(item: CompletionFacts) {
  const done = item.status === 'complete' || item.status === 'expiring';
  const skipped = item.notCounted ?? [];
  return html`${done && item.completionSource ? html`<span class="source">From ${item.completionSource.label}</span>` : nothing}
  ${skipped.length
    ? html`<details class="not-counted">
        <summary>${skipped.length} ${skipped.length === 1 ? 'completion did' : 'completions did'} not count</summary>
        <ul>
          ${skipped.map((n) => html`<li>${n.reason} <span class="source">Sent by ${n.source}, ${formatDate(n.at)}.</span></li>`)}
        </ul>
      </details>`
    : nothing}`;
}

export const completionNoteStyles = css`
  .source {
    display: block;
    min-width: 11rem;
    font-size: 0.8125rem;
    color: ${color.muted};
    margin-top: 0.25rem;
    overflow-wrap: anywhere;
  }
  .not-counted {
    font-size: 0.8125rem;
    margin-top: 0.25rem;
    min-width: 11rem;
    max-width: 18rem;
  }
  .not-counted summary {
    cursor: pointer;
    color: ${color.danger};
    font-weight: 600;
    min-height: 1.5rem;
  }
  .not-counted summary:focus-visible {
    outline: 3px solid ${color.accent};
    outline-offset: 2px;
  }
  .not-counted ul {
    margin: 0.25rem 0 0;
    padding-left: 1.125rem;
    overflow-wrap: anywhere;
  }
`;
