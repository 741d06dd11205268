/**
 * Label layout, computed apart from drawing, so that no label overprints another. Both are greedy, as in most
 * charting libraries, and leave a label out where there is no room (its mark's tooltip still names it):
 * - {@link placeLabels}, for a scatter: each mark, in priority order, gets the first side of it (right, left, above,
 *   below) whose box is free of other labels and marks and inside the bounds, so the marks that matter most keep
 *   their labels;
 * - {@link stackLabels}, along a time axis: labels taken from left to right on the lowest of a few tiers with room.
 */

/** A mark to label, in pixels: its centre, its radius, and the size of its label's text. */
export interface LabelRequest {
  x: number;
  y: number;
  radius: number;
  labelWidth: number;
  labelHeight: number;
}

/** The side of its mark a label is drawn on. */
export type LabelSide = 'right' | 'left' | 'above' | 'below';

/** The area labels must stay in. */
export interface LabelBounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A rectangle in pixels. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Space between a mark and its label. */
export const LABEL_GAP = 4;

const SIDES: readonly LabelSide[] = ['right', 'left', 'above', 'below'];

/** The box of a label drawn on `side` of its mark. */
export function labelBox(m: LabelRequest, side: LabelSide): Box {
  const off = m.radius + LABEL_GAP;
  const w = m.labelWidth;
  const h = m.labelHeight;
  switch (side) {
    case 'right':
      return { x0: m.x + off, y0: m.y - h / 2, x1: m.x + off + w, y1: m.y + h / 2 };
    case 'left':
      return { x0: m.x - off - w, y0: m.y - h / 2, x1: m.x - off, y1: m.y + h / 2 };
    case 'above':
      return { x0: m.x - w / 2, y0: m.y - off - h, x1: m.x + w / 2, y1: m.y - off };
    case 'below':
      return { x0: m.x - w / 2, y0: m.y + off, x1: m.x + w / 2, y1: m.y + off + h };
  }
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Box, b: LabelBounds): boolean => a.x0 >= b.left && a.x1 <= b.right && a.y0 >= b.top && a.y1 <= b.bottom;

/**
 * The side of each mark's label (same order as `marks`, which is the priority order), or `undefined` for a mark left
 * without a label. `obstacles`: other text the labels must not cover (titles drawn in the plot).
 */
export function placeLabels(marks: readonly LabelRequest[], bounds: LabelBounds, obstacles: readonly Box[] = []): Array<LabelSide | undefined> {
  const markBoxes = marks.map((m) => ({ x0: m.x - m.radius, y0: m.y - m.radius, x1: m.x + m.radius, y1: m.y + m.radius }));
  const placed: Box[] = [...obstacles];
  return marks.map((m, i) => {
    const side = SIDES.find((s) => {
      const box = labelBox(m, s);
      return inside(box, bounds) && !placed.some((p) => overlaps(p, box)) && !markBoxes.some((b, j) => j !== i && overlaps(b, box));
    });
    if (side !== undefined) placed.push(labelBox(m, side));
    return side;
  });
}

/**
 * Labels along one axis, each spanning `[x0, x1]`: a tier (0 to `tiers` - 1) for each, such that labels on one tier
 * are at least `gap` apart. Taken from left to right, each on the lowest tier with room, else `undefined` (left
 * unlabelled: zooming in makes room), as is a label not wholly `within` the given span.
 */
export function stackLabels(
  extents: ReadonlyArray<readonly [x0: number, x1: number]>,
  tiers: number,
  gap = 0,
  within: readonly [number, number] = [-Infinity, Infinity],
): Array<number | undefined> {
  const ends: number[] = Array.from({ length: tiers }, () => -Infinity);
  const tierOf: Array<number | undefined> = extents.map(() => undefined);
  const order = extents.map((_, i) => i).sort((a, b) => extents[a]![0] - extents[b]![0]);
  for (const i of order) {
    const [x0, x1] = extents[i]!;
    if (x0 < within[0] || x1 > within[1]) continue;
    const tier = ends.findIndex((end) => x0 >= end + gap);
    if (tier === -1) continue;
    ends[tier] = x1;
    tierOf[i] = tier;
  }
  return tierOf;
}
