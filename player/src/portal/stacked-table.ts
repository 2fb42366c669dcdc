/**
 * Tables that become lists on a phone: at 40rem and below each row of a `table.stack` is a
 * card and each cell shows its column's name before its value (`data-label`), so nothing
 * scrolls sideways at 390 px. At desktop width it stays a table, headers and all, for screen
 * readers. Elements add `stackedTableStyles` to their styles, `class="stack"` to the table,
 * and `this.addController(new StackedTableLabels(this))`, which labels each cell from its column's header after
 * every render (so a cell's label cannot drift from the header it sits under).
 */
import { css, type ReactiveController, type ReactiveElement } from 'lit';
import { color } from './theme.js';

export const stackedTableStyles = css`
  @media (max-width: 40rem) {
    table.stack thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    table.stack,
    table.stack caption,
    table.stack tbody,
    table.stack tr,
    table.stack td,
    table.stack tbody th {
      display: block;
      width: auto;
    }
    table.stack tr {
      padding: 0.5rem 0;
      border-bottom: 1px solid ${color.border};
    }
    table.stack td,
    table.stack tbody th {
      border: 0;
      padding: 0.125rem 0;
      background: none;
      text-align: left;
      overflow-wrap: anywhere;
    }
    /* Two columns in each cell: the label, and the value (any markup, which CSS wraps in
       one anonymous cell), so a long value or label wraps within its own column. */
    table.stack [data-label] {
      display: table;
      width: 100%;
      table-layout: fixed;
    }
    table.stack [data-label]::before {
      content: attr(data-label);
      display: table-cell;
      width: 40%;
      padding-right: 0.5rem;
      font-weight: 600;
      color: ${color.muted};
      overflow-wrap: anywhere;
    }
    table.stack input,
    table.stack select,
    table.stack textarea {
      max-width: 100%;
    }
  }
`;

/** Names each body cell of the host's `table.stack` after its column's header (colspans counted). */
export class StackedTableLabels implements ReactiveController {
  constructor(private readonly host: ReactiveElement) {}

  hostUpdated(): void {
    for (const table of this.host.renderRoot.querySelectorAll<HTMLTableElement>('table.stack')) labelCells(table);
  }
}

export function labelCells(table: HTMLTableElement): void {
  const headerRow = table.tHead?.rows[table.tHead.rows.length - 1];
  if (!headerRow) return;
  const names: string[] = [];
  for (const th of headerRow.cells) for (let i = 0; i < th.colSpan; i++) names.push(headerName(th));
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        const name = names[column];
        // A column without a header (actions) has no label.
        if (name) cell.dataset.label = name;
        else delete cell.dataset.label;
        column += cell.colSpan;
      }
    }
  }
}

/** The header's words as a screen reader says them: without decorations (a sort arrow) hidden from it. */
function headerName(th: HTMLTableCellElement): string {
  const copy = th.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}
