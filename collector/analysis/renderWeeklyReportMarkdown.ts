import type { WeeklyReport } from './buildWeeklyReport.js';
import { formatDuration } from './formatDuration.js';
import type { Delta, NullableDelta } from './weekOverWeek.js';

function signed(n: number | null, format: (v: number) => string = String): string {
  if (n === null) return '–';
  if (n === 0) return '±0';
  return n > 0 ? `+${format(n)}` : `-${format(-n)}`;
}

/** Escapes table cell text: a `|` would split the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '_None._\n';
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

function d(x: Delta): string[] {
  return [String(x.current), String(x.previous), signed(x.delta)];
}

function dur(x: NullableDelta): string[] {
  return [formatDuration(x.current), formatDuration(x.previous), signed(x.delta, formatDuration)];
}

/**
 * Renders the weekly report as Markdown (headings and tables, week-over-week columns "this week | last week | Δ"),
 * for the council to paste into its minutes. Pure text: same report in, same text out.
 */
export function renderWeeklyReportMarkdown(report: WeeklyReport): string {
  const out: string[] = [];
  const wow = ['This week', 'Last week', 'Δ'];
  out.push(`# Flexix weekly report ${report.week}\n`);
  out.push(`${report.from} – ${report.to}, compared with ${report.previousWeek}.\n`);

  out.push('## Summary\n');
  out.push(
    table(['Figure', ...wow], [
      ['Conflicts', ...d(report.conflicts.total)],
      ['Feedback loops', ...d(report.loops.total)],
      ['Runaway loops', ...d(report.loops.runaway)],
      ['Protocol denials', ...d(report.denials.total)],
      ['Changes live', ...d(report.changes.live)],
    ]),
  );

  out.push('## Conflicts by rule\n');
  out.push(table(['Rule', 'Kind', ...wow], report.conflicts.byRule.map((r) => [r.rule, r.kind ?? '', ...d(r)])));
  out.push('## Conflicts by agent pair\n');
  out.push(table(['Agents', ...wow], report.conflicts.byAgentPair.map((r) => [r.agents.join(' ↔ '), ...d(r)])));

  out.push('## Feedback loops\n');
  out.push(
    table(
      ['Cycle', 'Evidence', 'Customers', 'Iterations this week', 'Last week', 'Δ'],
      report.loops.byCycle.map((l) => [l.agents.join(' → '), l.evidence, String(l.customers), ...d(l)]),
    ),
  );
  const runaway = report.loops.items.filter((l) => l.runaway);
  if (runaway.length > 0) {
    out.push('Runaway loops:\n');
    for (const l of runaway)
      out.push(`- ${l.agents.join(' → ')} (${l.evidence}): ${l.maxIterations} iterations for one customer, ${l.customerIds.length} customer(s), ${l.firstSeen} – ${l.lastSeen}`);
    out.push('');
  }

  out.push('## Protocol denials by rule\n');
  out.push(table(['Rule', ...wow], report.denials.byRule.map((r) => [r.rule, ...d(r)])));

  out.push('## Changes and lead times\n');
  out.push(
    table(['Model', 'Live this week', 'Last week', 'Δ', 'p50 this week', 'p50 last week', 'Δ p50', 'p90 this week', 'p90 last week', 'Δ p90'], [
      ['command', ...d(report.changes.command.count), ...dur(report.changes.command.p50Ms), ...dur(report.changes.command.p90Ms)],
      ['network', ...d(report.changes.network.count), ...dur(report.changes.network.p50Ms), ...dur(report.changes.network.p90Ms)],
    ]),
  );
  out.push(
    table(
      ['Change', 'Model', 'Target', 'Requested', 'Live', 'Lead time'],
      report.changes.items.map((c) => [c.id, c.model, c.target, c.requestedAt, c.liveAt, formatDuration(c.leadTimeMs)]),
    ),
  );

  out.push('## Agents\n');
  out.push(
    table(
      ['Agent', 'Model', 'Actions', 'Δ', 'Messages', 'Δ', 'Conflicts', 'Δ', 'Denials', 'Δ', 'Outcomes (Δ)'],
      report.agents.map((a) => [
        a.agent,
        a.model ?? '',
        String(a.actions.current),
        signed(a.actions.delta),
        String(a.messages.current),
        signed(a.messages.delta),
        String(a.conflicts.current),
        signed(a.conflicts.delta),
        String(a.denials.current),
        signed(a.denials.delta),
        Object.entries(a.outcomes)
          .map(([k, v]) => `${k} ${v.current} (${signed(v.delta)})`)
          .join(', '),
      ]),
    ),
  );
  out.push('## Outcomes\n');
  out.push(table(['Outcome', ...wow], report.outcomes.map((o) => [o.outcome, ...d(o)])));
  return out.join('\n');
}
