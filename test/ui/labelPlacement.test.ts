import { describe, expect, it } from 'vitest';
import { labelBox, placeLabels, stackLabels, type LabelRequest, type LabelSide } from '../../ui/src/model/labelPlacement.js';

const bounds = { left: 0, top: 0, right: 600, bottom: 400 };
const mark = (x: number, y: number, labelWidth = 80): LabelRequest => ({ x, y, radius: 6, labelWidth, labelHeight: 14 });

/** The boxes of the labels shown. */
function shownBoxes(marks: readonly LabelRequest[], sides: ReadonlyArray<LabelSide | undefined>) {
  return marks.flatMap((m, i) => (sides[i] === undefined ? [] : [labelBox(m, sides[i]!)]));
}

describe('placeLabels', () => {
  it('puts every label of marks far apart on their right', () => {
    expect(placeLabels([mark(50, 50), mark(300, 200), mark(100, 350)], bounds)).toEqual(['right', 'right', 'right']);
  });

  it('moves a label to the left when the right side leaves the bounds', () => {
    expect(placeLabels([mark(580, 200)], bounds)).toEqual(['left']);
  });

  it('gives a second mark next to the first another side, and hides a label with no free side', () => {
    // Three marks in a row 20 px apart: the first keeps its right side only if that does not cover the second mark.
    const marks = [mark(200, 200), mark(220, 200), mark(240, 200)];
    const sides = placeLabels(marks, bounds);
    expect(sides[0]).toBe('left');
    expect(sides[1]).toBe('above');
    expect(sides[2]).toBe('right');
    // Two more marks on top of the second: the first of them takes the last free side, the other has none left.
    const crowded = placeLabels([...marks, mark(221, 201), mark(219, 199)], bounds);
    expect(crowded.slice(3)).toEqual(['below', undefined]);
  });

  it('never lets two shown labels, or a label and another mark, overlap in a crowded row', () => {
    const marks = Array.from({ length: 30 }, (_, i) => mark(100 + i * 13, 390, 40 + (i % 4) * 25));
    const sides = placeLabels(marks, bounds);
    const boxes = shownBoxes(marks, sides);
    expect(boxes.length).toBeGreaterThan(2);
    expect(boxes.length).toBeLessThan(marks.length);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
      expect(a.x0 >= bounds.left && a.x1 <= bounds.right && a.y0 >= bounds.top && a.y1 <= bounds.bottom).toBe(true);
    }
    marks.forEach((m, i) => {
      if (sides[i] === undefined) return;
      const box = labelBox(m, sides[i]!);
      for (const [j, o] of marks.entries()) {
        if (j !== i) expect(box.x0 < o.x + o.radius && o.x - o.radius < box.x1 && box.y0 < o.y + o.radius && o.y - o.radius < box.y1).toBe(false);
      }
    });
  });

  it('keeps labels off the obstacles given (titles drawn in the plot)', () => {
    const title = { x0: 250, y0: 190, x1: 400, y1: 210 };
    expect(placeLabels([mark(240, 200)], bounds, [title])).toEqual(['left']);
  });

  it('labels the first marks first: the priority order decides who keeps a label', () => {
    const a = mark(300, 200, 120);
    const b = mark(300, 200, 120);
    expect(placeLabels([a, b], { left: 0, top: 0, right: 600, bottom: 400 })).toEqual(['right', 'left']);
    const narrow = { left: 200, top: 190, right: 450, bottom: 210 };
    expect(placeLabels([a, b], narrow)).toEqual(['right', undefined]);
  });
});

describe('stackLabels', () => {
  it('keeps labels with room on the first tier and lifts the others, in left-to-right order whatever the input order', () => {
    // [0,100] and [150,250] fit one tier; [90,190] overlaps both and goes up; [95,120] finds no tier of two.
    expect(stackLabels([[150, 250], [0, 100], [90, 190], [95, 120]], 2, 10)).toEqual([0, 0, 1, undefined]);
  });

  it('keeps the gap between neighbours on one tier', () => {
    expect(stackLabels([[0, 100], [105, 200], [110, 200]], 1, 10)).toEqual([0, undefined, 0]);
  });

  it('leaves out labels that do not fit wholly within the span given', () => {
    expect(stackLabels([[-5, 40], [50, 90], [95, 130]], 1, 0, [0, 120])).toEqual([undefined, 0, undefined]);
  });

  it('leaves every label without a tier when there are none', () => {
    expect(stackLabels([[0, 10]], 0)).toEqual([undefined]);
  });
});
