import { SingleBar, Presets } from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_HOP_LIMIT } from '../simulation/scenarioRuns.js';
import { ALL_SCENARIOS, SCENARIOS, scenarioNames } from '../scenarios/index.js';
import { MODES, type Mode } from '../scenarios/Scenario.js';
import { simulate } from '../simulate.js';
import { DEFAULT_ENDPOINT } from '../telemetry/createExporter.js';

interface SimulateFlags {
  scenario: string;
  customers: number;
  seed: number;
  days: number;
  endpoint: string;
  mode?: Mode;
  hopLimit?: number;
  workers: number;
}

/** Parses an integer flag value, or fails naming the flag (commander prefixes the flag to the message). */
function integer(min: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected ${what}.`);
    return n;
  };
}

function scenarioName(value: string): string {
  if (!scenarioNames().includes(value)) throw new InvalidArgumentError(`expected one of ${scenarioNames().join(', ')}.`);
  return value;
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected an http(s) URL such as http://127.0.0.1:4318.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('expected an http(s) URL.');
  return value;
}

/** Progress on a terminal: a bar; elsewhere (CI, pipes): a plain line every 10%. */
function progressReporter(): { update(done: number, total: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: 'simulate [{bar}] {percentage}% | {value}/{total} virtual hours | {duration_formatted}', stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    update(done, total) {
      const decile = Math.floor((done / total) * 10);
      if (decile !== lastDecile) process.stderr.write(`simulate: ${decile * 10}% (${done}/${total} virtual hours)\n`);
      lastDecile = decile;
    },
    stop: () => undefined,
  };
}

/**
 * Adds `flexix simulate` (CONTRACT §3) to `program`: runs engine scenarios on a simulated clock and exports their
 * spans over OTLP/HTTP, with a progress bar on a terminal and plain progress lines otherwise.
 */
export function registerSimulateCommand(program: Command): Command {
  const scenarioList = SCENARIOS.map((s) => `  ${s.name.padEnd(24)} ${s.description} [${s.modes.join(', ')}]`).join('\n');
  return program
    .command('simulate')
    .description('run engine scenarios on a simulated clock and export their spans over OTLP/HTTP')
    .requiredOption('--scenario <name>', `scenario to run, or "${ALL_SCENARIOS}" for every one`, scenarioName)
    .option('--customers <n>', 'customers per scenario (split between its modes when --mode is not given)', integer(1, 'a positive integer'), 1000)
    .option('--seed <s>', 'random seed: the same seed gives the same spans', integer(Number.MIN_SAFE_INTEGER, 'an integer'), 1)
    .option('--days <d>', 'virtual days to simulate, ending now', integer(1, 'a positive integer'), 28)
    .option('--endpoint <url>', 'OTLP/HTTP base URL of the collector (spans go to <url>/v1/traces)', httpUrl, DEFAULT_ENDPOINT)
    .addOption(new Option('--mode <mode>', 'run only this orchestration model (default: every mode each scenario supports)').choices(MODES))
    .option(
      '--hop-limit <n>',
      `deepest causal hop an action may have, 0 = off (default: ${DEFAULT_HOP_LIMIT}; runaway-loop runs without one unless given)`,
      integer(0, 'a non-negative integer (0 = off)'),
    )
    .option('--workers <n>', 'worker threads to spread the scenario runs over (the spans are the same for any number)', integer(1, 'a positive integer'), 1)
    .addHelpText('after', `\nScenarios:\n${scenarioList}\n\nExample:\n  flexix simulate --scenario all --customers 1000 --days 28\n`)
    .action(async (flags: SimulateFlags, command: Command) => {
      const progress = progressReporter();
      try {
        const result = await simulate({ ...flags, onProgress: (done, total) => progress.update(done, total) });
        progress.stop();
        for (const [name, spans] of Object.entries(result.perScenario)) console.log(`${name.padEnd(24)} ${spans} spans`);
        const seconds = result.elapsedMs / 1000;
        console.log(`exported ${result.spans} spans to ${flags.endpoint} in ${seconds.toFixed(1)} s (${Math.round(result.spans / seconds)} spans/s)`);
      } catch (err) {
        progress.stop();
        const message = err instanceof Error ? err.message : String(err);
        const hint = /ECONNREFUSED|fetch failed|ENOTFOUND/.test(message) ? ` (is a collector such as \`flexix serve\` listening on ${flags.endpoint}?)` : '';
        command.error(`simulate failed: ${message}${hint}`, { exitCode: 1 });
      }
    });
}
