/**
 * Customer debugger: find a customer, see every agent's activity on one timeline, conflicts drawn between the messages
 * that broke a rule, and open any message's causal chain.
 */
import { select } from 'd3';
import type { CustomerSummary } from '../api.js';
import { timelineChart } from '../charts/timelineChart.js';
import { renderLegend } from '../charts/legend.js';
import { renderTable } from '../charts/renderTable.js';
import { modelSymbol } from '../charts/marks.js';
import { buildCustomerTimeline, type CustomerTimelineModel, type TimelineItem } from '../model/customerTimeline.js';
import { formatCount, formatTime } from '../model/format.js';
import { modelColour, NEUTRAL, PROBLEM } from '../model/palette.js';
import { formatRoute, routeToView } from '../model/route.js';
import { textCell } from '../model/table.js';
import { createPage, errorMessage, isAbort, loadInto, section, type Page } from './page.js';
import type { MountView, ViewContext } from './ViewContext.js';

/** Mounts the customer debugger. */
export const mountCustomerView: MountView = async (root, ctx) => {
  const page = createPage(root, 'Customer debugger', 'Why did this customer get what they got? Every agent on one timeline; conflicts marked with the rule they break.', 'customer');
  const layout = select(page.content).attr('class', 'content customer-layout');
  const side = layout.append('aside').attr('class', 'customer-search').node()!;
  const main = layout.append('div').attr('class', 'customer-main').node()!;
  const customers = renderSearch(side, ctx, page);
  if (ctx.route.customer === undefined) {
    // No customer chosen yet: the view is ready once the list of customers is.
    await customers;
    return;
  }
  await Promise.all([customers, renderCustomer(main, ctx, page, ctx.route.customer)]);
};

/** The search box and the most active customers; picking one navigates to it. */
async function renderSearch(container: HTMLElement, ctx: ViewContext, page: Page): Promise<void> {
  const form = select(container).append('form').attr('class', 'search-form').attr('role', 'search');
  form.append('label').attr('for', 'customer-search').text('Customer id (prefix)');
  const input = form
    .append('input')
    .attr('id', 'customer-search')
    .attr('type', 'search')
    .attr('autocomplete', 'off')
    .attr('placeholder', 'e.g. retail-')
    .property('value', ctx.route.customer ?? '');
  form.append('button').attr('type', 'submit').text('Search');
  const list = select(container).append('ul').attr('class', 'customer-list').attr('aria-label', 'Customers, most active first');
  const hint = select(container).append('p').attr('class', 'muted');

  async function search(prefix: string): Promise<void> {
    hint.text('Searching…');
    try {
      const { customers } = await ctx.api.customers(prefix, ctx.range);
      if (ctx.signal.aborted) return;
      showCustomers(customers);
      hint.text(customers.length === 0 ? `No customer ${prefix ? `starting with "${prefix}" ` : ''}in ${ctx.range.label.toLowerCase()}.` : `${customers.length} customers, most active first.`);
      if (ctx.route.customer === undefined) page.setState(customers.length === 0 ? 'empty' : 'ready', customers.length === 0 ? 'No customers in this time range.' : 'Pick a customer to see their timeline.');
    } catch (err) {
      if (isAbort(err) || ctx.signal.aborted) return;
      hint.text(errorMessage(err));
      if (ctx.route.customer === undefined) page.setState('error', errorMessage(err));
    }
  }
  function showCustomers(customers: CustomerSummary[]): void {
    const item = list
      .selectAll('li')
      .data(customers, (c) => (c as CustomerSummary).customerId)
      .join('li');
    item.selectAll('*').remove();
    const link = item
      .append('a')
      .attr('href', (c) => formatRoute(routeToView(ctx.route, 'customer', { customer: c.customerId })))
      .attr('aria-current', (c) => (c.customerId === ctx.route.customer ? 'true' : null));
    link.append('span').attr('class', 'customer-id').text((c) => c.customerId);
    link
      .append('span')
      .attr('class', 'customer-stats')
      .text((c) => `${formatCount(c.messages)} messages · ${formatCount(c.spans)} spans${c.conflicts ? ` · ${c.conflicts} conflicts` : ''}`);
  }
  form.on('submit', (event: SubmitEvent) => {
    event.preventDefault();
    void search(String(input.property('value')).trim());
  });
  await search('');
}

/** The timeline, the message list and the conflicts of one customer. */
async function renderCustomer(container: HTMLElement, ctx: ViewContext, page: Page, customerId: string): Promise<void> {
  const openChain = (item: TimelineItem) => ctx.navigate(routeToView(ctx.route, 'chain', { trace: item.node.traceId, span: item.node.spanId }));
  await loadInto(page, ctx.signal, () => ctx.api.timeline(customerId, ctx.range), {
    loading: `Loading the timeline of ${customerId}…`,
    isEmpty: (t) => t.spans.length === 0,
    empty: `No activity for customer "${customerId}" in ${ctx.range.label.toLowerCase()}. Try a longer time range.`,
    render: (t) => {
      const model = buildCustomerTimeline(t.customerId, t.spans, t.conflicts);
      const c = select(container);
      c.append('h2').attr('class', 'customer-title').text(`Customer ${model.customerId}`);
      c.append('p').append('a').attr('href', formatRoute(routeToView(ctx.route, 'chain', { customer: model.customerId }))).text('All causal chains of this customer');
      c.append('p')
        .attr('class', 'muted')
        .text(`${formatCount(model.items.length)} spans by ${model.lanes.length} agents · ${formatCount(model.messages.length)} messages · ${formatCount(t.conflicts.length)} conflicts. Scroll or drag on the timeline to zoom; double-click resets; click a message to open its causal chain.`);
      const legend = c.append('div').node()!;
      renderLegend(legend, [
        { label: 'command journey', colour: modelColour('command'), symbol: modelSymbol('command') },
        { label: 'network agent', colour: modelColour('network'), symbol: modelSymbol('network') },
        { label: 'other span (not a message)', colour: NEUTRAL, symbol: modelSymbol(null) },
        { label: 'conflict (rule broken)', colour: PROBLEM, lineWidth: 3 },
      ]);
      const chartBox = c.append('div').attr('class', 'timeline-box').node()!;
      timelineChart().data(model).onSelect(openChain)(chartBox);
      renderMessages(container, model, ctx);
    },
  });
}

function renderMessages(container: HTMLElement, model: CustomerTimelineModel, ctx: ViewContext): void {
  const messages = section(container, 'Messages');
  renderTable(messages, {
    caption: `Messages to ${model.customerId}, in time order`,
    columns: [{ label: 'Time (UTC)' }, { label: 'Agent' }, { label: 'Model' }, { label: 'Channel' }, { label: 'Intent' }, { label: 'Subject' }, { label: 'Conflicts' }, { label: 'Chain' }],
    rows: model.messages.map((m) => [
      textCell(formatTime(m.atMs)),
      textCell(m.node.agent),
      textCell(m.node.model ?? '–'),
      textCell(m.node.channel ?? '–'),
      textCell(m.node.intent ?? '–'),
      textCell(m.node.subject ?? '–'),
      textCell(m.rules.join(', ') || '–', m.rules.length > 0 ? { tone: 'worse' } : {}),
      textCell('Open chain', { href: formatRoute(routeToView(ctx.route, 'chain', { trace: m.node.traceId, span: m.node.spanId })) }),
    ]),
    empty: 'No message reached this customer in the range.',
  });
  const conflicts = section(container, 'Conflicts');
  renderTable(conflicts, {
    caption: 'Rules broken for this customer',
    columns: [{ label: 'Time (UTC)' }, { label: 'Rule' }, { label: 'Kind' }],
    rows: model.conflicts.map((v) => [textCell(formatTime(v.atMs)), textCell(v.label), textCell(v.kind)]),
    empty: 'No rule was broken for this customer in the range.',
  });
}
