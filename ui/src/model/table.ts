/** A table as data: the chart layer renders any of these with `.text()`, so cell contents are never parsed as HTML. */

/** A cell: text, optionally a link (an in-app hash or an API URL) and a tone for deltas. */
export interface Cell {
  text: string;
  href?: string;
  /** `worse`/`better` colour a delta; the sign in the text carries the same meaning for colour-blind readers. */
  tone?: 'worse' | 'better';
  /** Right-align numbers. */
  numeric?: boolean;
}

/** A table with a caption. */
export interface TableModel {
  caption: string;
  columns: Array<{ label: string; numeric?: boolean }>;
  rows: Cell[][];
  /** Shown instead of an empty body. */
  empty: string;
}

/** A plain text cell. */
export function textCell(text: string, extra: Omit<Cell, 'text'> = {}): Cell {
  return { text, ...extra };
}
