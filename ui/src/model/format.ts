/** Text formatting shared by the views: durations, times, counts and week-over-week deltas. */

const UNITS = [
  { ms: 86_400_000, unit: 'd' },
  { ms: 3_600_000, unit: 'h' },
  { ms: 60_000, unit: 'min' },
  { ms: 1000, unit: 's' },
] as const;

/** A duration in the largest unit that keeps it ≥ 1, with one decimal under 10 (`850 ms`, `4.2 s`, `36 h`, `3.5 d`). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  for (const { ms: size, unit } of UNITS) {
    if (abs >= size) {
      const v = ms / size;
      return `${Math.abs(v) < 10 ? v.toFixed(1).replace(/\.0$/, '') : Math.round(v)} ${unit}`;
    }
  }
  return `${Math.round(ms)} ms`;
}

/** An ISO time or epoch ms as `YYYY-MM-DD HH:MM:SS` in UTC (the simulated clock is UTC; so is every label). */
export function formatTime(time: string | number): string {
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? String(time) : d.toISOString().slice(0, 19).replace('T', ' ');
}

/** Like {@link formatTime} without seconds. */
export function formatMinute(time: string | number): string {
  return formatTime(time).slice(0, 16);
}

/** A count with thousands separators. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : n.toLocaleString('en');
}

/** A share (0..1) as a percentage. */
export function formatShare(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** A signed delta: `+3`, `−2` (minus sign, not hyphen), `±0`; `–` when unknown. */
export function formatSigned(delta: number | null, format: (n: number) => string = formatCount): string {
  if (delta === null) return '–';
  if (delta === 0) return '±0';
  return `${delta > 0 ? '+' : '−'}${format(Math.abs(delta))}`;
}

/** Joins an agent cycle for display, closing it (`a → b → a`). */
export function formatCycle(agents: readonly string[]): string {
  return agents.length === 0 ? '' : [...agents, agents[0]].join(' → ');
}
