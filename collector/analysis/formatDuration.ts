const UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * A duration for people: the two largest units (`2d 4h`, `35m 10s`, `850ms`). Reports show lead times from seconds
 * (network) to weeks (command), so a fixed unit would be unreadable at one end. `null` renders as `–`.
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  const first = UNITS.findIndex(([, size]) => abs >= size);
  const [label, size] = UNITS[first]!;
  const whole = Math.floor(abs / size);
  const next = UNITS[first + 1];
  const rest = next ? Math.floor((abs - whole * size) / next[1]) : 0;
  return `${sign}${whole}${label}${next && rest > 0 ? ` ${rest}${next[0]}` : ''}`;
}
