/** The shared time-range picker in the header: presets, or a custom from/to (UTC); changes navigate. */
import { select } from 'd3';
import { RANGE_PRESETS, type TimeRange } from './model/timeRange.js';
import type { RouteState } from './model/route.js';

/** `YYYY-MM-DDTHH:MM` in UTC, the value format of a `datetime-local` input. */
function toInputValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/** Renders the picker for the current route into the form. */
export function renderRangePicker(form: HTMLFormElement, route: RouteState, range: TimeRange, navigate: (state: RouteState) => void): void {
  const f = select(form);
  f.selectAll('*').remove();
  // Views without a time range (a trace's chain, the weekly report) keep the picker visible but say it does not apply.
  const applies = !(route.view === 'report' || (route.view === 'chain' && route.trace !== undefined));
  f.append('label').attr('for', 'range-select').text('Time range');
  const sel = f.append('select').attr('id', 'range-select').attr('title', applies ? null : 'This view does not depend on the time range');
  const options = [...RANGE_PRESETS.map((p) => ({ key: p.key, label: p.label })), { key: 'custom', label: 'Custom (UTC)…' }];
  sel
    .selectAll('option')
    .data(options)
    .join('option')
    .attr('value', (o) => o.key)
    .property('selected', (o) => o.key === range.key)
    .text((o) => o.label);
  const custom = f.append('span').attr('class', 'custom-range').attr('hidden', range.key === 'custom' ? null : '');
  custom.append('label').attr('for', 'range-from').attr('class', 'visually-hidden').text('From (UTC)');
  const from = custom.append('input').attr('id', 'range-from').attr('type', 'datetime-local').property('value', toInputValue(range.fromMs));
  custom.append('span').attr('aria-hidden', 'true').text('–');
  custom.append('label').attr('for', 'range-to').attr('class', 'visually-hidden').text('To (UTC)');
  const to = custom.append('input').attr('id', 'range-to').attr('type', 'datetime-local').property('value', toInputValue(range.toMs));
  custom.append('button').attr('type', 'submit').text('Apply');
  sel.on('change', () => {
    const key = String(sel.property('value'));
    if (key === 'custom') {
      custom.attr('hidden', null);
      from.node()?.focus();
      return;
    }
    navigate({ ...route, range: key, from: undefined, to: undefined });
  });
  f.on('submit', (event: SubmitEvent) => {
    event.preventDefault();
    const fromMs = Date.parse(`${String(from.property('value'))}Z`);
    const toMs = Date.parse(`${String(to.property('value'))}Z`);
    if (Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs < toMs) {
      navigate({ ...route, range: 'custom', from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() });
    }
  });
}
