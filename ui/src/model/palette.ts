/**
 * Colours of the UI: the Okabe–Ito palette, distinguishable with every common colour-vision deficiency. Colour never
 * carries meaning alone: models also differ by shape, links by dash, cycles by width, deltas by sign.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Neutral grey for things without a model (global events, plain OpenTelemetry spans). */
export const NEUTRAL = '#8a8a8a';

/** Colour of an orchestration model. */
export function modelColour(model: string | null | undefined): string {
  if (model === 'command') return OKABE_ITO.blue;
  if (model === 'network') return OKABE_ITO.orange;
  if (model === 'mixed') return OKABE_ITO.reddishPurple;
  return NEUTRAL;
}

/** Problems: conflicts, cycles, runaway loops. */
export const PROBLEM = OKABE_ITO.vermillion;
/** Loops on the network map. */
export const LOOP = OKABE_ITO.reddishPurple;
/** Causal links (as opposed to parent edges). */
export const LINK = OKABE_ITO.skyBlue;

/** A categorical scale for series that are not models (rules, buckets), in a fixed order. */
export const CATEGORICAL = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
] as const;
