/**
 * The `flexix` command line: `serve` (collector + API + UI) and `simulate` (the engine's scenarios over OTLP).
 * Process concerns live here: parsing, printing the listener lines, signals and exit codes.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerServeCommand } from './serveCommand.js';
import { registerSimulateCommand } from '../../engine/cli/simulateCommand.js';

/** The version in the project's package.json. */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Runs the CLI; resolves to the process exit code (long-running commands resolve when they stop). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('flexix')
    .description('Observability and network-tracing analytics for hybrid experience orchestration')
    .version(VERSION, '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerSimulateCommand(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`flexix: ${(err as Error).message}`);
    return 1;
  }
}
