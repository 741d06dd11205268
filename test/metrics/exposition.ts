/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line must be a
 * `# HELP`/`# TYPE` comment, empty, or a sample `name{label="value",...} value [timestamp]`; anything else throws.
 */

/** One sample line. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE}`;
// Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case; prom-client writes `Nan`
// for a histogram-derived gauge with no sample yet (nodejs_eventloop_lag_*).
const VALUE = '(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|[+-]?[iI][nN][fF]|[nN][aA][nN])';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`);
const HELP = new RegExp(`^# HELP ${NAME} .*$`);
const TYPE = new RegExp(`^# TYPE ${NAME} (counter|gauge|histogram|summary|untyped)$`);
const LABEL_PAIR = new RegExp(`([a-zA-Z_][a-zA-Z0-9_]*)=(${LABEL_VALUE})`, 'g');

/** Parses an exposition body; throws naming the first line that breaks the grammar. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line === '') return; // the format allows empty lines (prom-client separates families with one)
    if (line.startsWith('#')) {
      if (!HELP.test(line) && !TYPE.test(line)) throw new Error(`line ${i + 1} is not a HELP or TYPE comment: ${line}`);
      return;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not a sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, quoted] of (m[2] ?? '').matchAll(LABEL_PAIR)) labels[key!] = JSON.parse(quoted!) as string;
    samples.push({ name: m[1]!, labels, value: Number(m[3]!.toLowerCase().replace('inf', 'Infinity').replace('nan', 'NaN')) });
  });
  return samples;
}
