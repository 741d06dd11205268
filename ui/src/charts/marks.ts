/** Symbols shared by the charts, so shape repeats what colour says (model, recommendation, series). */
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolTriangle, symbolCross, symbolStar, type SymbolType } from 'd3';

/** Shape of an orchestration model: command square, network circle, anything else diamond. */
export function modelSymbol(model: string | null | undefined): SymbolType {
  if (model === 'command') return symbolSquare;
  if (model === 'network') return symbolCircle;
  return symbolDiamond;
}

/** Shapes for the n-th series of a chart. */
export const SERIES_SYMBOLS: readonly SymbolType[] = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolCross, symbolStar];

/** SVG path data of a symbol with the given area in px². */
export function symbolPath(type: SymbolType, area: number): string {
  return symbol(type, area)() ?? '';
}
