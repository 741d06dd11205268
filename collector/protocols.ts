/** Loads the protocol handbook file given to `--protocols` (JSON), validated with errors naming rule and field. */
import { readFileSync } from 'node:fs';
import { parseHandbook, type Handbook } from '../schemas/handbook.js';

/** Reads and validates a handbook file. Throws an Error naming the file and what is wrong. */
export function loadHandbookFile(path: string): Handbook {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`--protocols: cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`--protocols: ${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseHandbook(doc, path);
}
