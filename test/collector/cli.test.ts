/** The `flexix` command as a user meets it: help that lists what it does, and errors that name the flag. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../collector/cli/flexix.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('flexix CLI', () => {
  it('lists its commands and their flags in --help', () => {
    const top = run('--help');
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/serve/);
    expect(top.stdout).toMatch(/simulate/);
    const serve = run('serve', '--help');
    for (const flag of ['--data', '--clickhouse-url', '--otlp-port', '--port', '--host', '--protocols', '--demo', '--alert-webhook', '--alert-interval', '--weekly-keep-interval', '--ingest-token', '--api-token']) {
      expect(serve.stdout).toContain(flag);
    }
  });

  it('prints its version', () => {
    const version = run('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });

  it('refuses a bad port, naming the flag, without starting', () => {
    const bad = run('serve', '--otlp-port', '99999', '--data', '/nonexistent/never-created');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--otlp-port/);
  });

  it('refuses a weekly keep interval that is neither off nor a duration, naming the flag', () => {
    const bad = run('serve', '--weekly-keep-interval', 'weekly', '--data', '/nonexistent/never-created');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--weekly-keep-interval: expected off or a duration/);
  });

  it('refuses an invalid handbook, naming the rule and the field', () => {
    const bad = run('serve', '--protocols', fileURLToPath(new URL('../fixtures/invalid-handbook.json', import.meta.url)), '--otlp-port', '0', '--port', '0', '--data', '/nonexistent/never-created');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/rule "too-many"/);
    expect(bad.stderr).toMatch(/max/);
  });
});
