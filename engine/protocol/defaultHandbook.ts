import { readFileSync } from 'node:fs';
import { parseHandbook, type Handbook } from '../../schemas/handbook.js';

/** Path of the handbook that ships with Flexix. */
export const DEFAULT_HANDBOOK_PATH = new URL('../../schemas/protocols.default.json', import.meta.url);

/** Reads and validates the default handbook. */
export function loadDefaultHandbook(): Handbook {
  return parseHandbook(JSON.parse(readFileSync(DEFAULT_HANDBOOK_PATH, 'utf8')), 'schemas/protocols.default.json');
}
