/** Span ids are unique only within a trace, so the UI keys spans by both. */
export function spanKey(traceId: string, spanId: string): string {
  return `${traceId}/${spanId}`;
}
