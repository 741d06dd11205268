/** OpenAPI 3.1 description of the query API, served at `/api/openapi.json`. */

const timeParams = [
  { name: 'from', in: 'query', description: 'Start: ISO 8601 or epoch ms, 1900-01-01 to 2262-04-11 (default: 7 days before `to`)', schema: { type: 'string' } },
  { name: 'to', in: 'query', description: 'End: ISO 8601 or epoch ms, 1900-01-01 to 2262-04-11 (default: now)', schema: { type: 'string' } },
];
const error = { description: 'Invalid parameter; `error` names it', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const tooManySpans = {
  description: 'The analysis would load more spans than `--max-analysis-spans` allows; `error` says so (narrow from/to)',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const storeMemory = {
  description: 'The store ran out of memory answering (its memory limit); `error` says so (narrow from/to or retry, see `Retry-After`)',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const ok = (description: string, schema: object = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});
const query = (name: string, description: string, required = false, schema: object = { type: 'string' }) => ({ name, in: 'query', required, description, schema });
const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

/** The document. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'Flexix query API', version: '1', description: 'Chains, conflicts, feedback loops, change latency and reports over business-event spans.' },
  paths: {
    '/api/health': { get: { summary: 'Liveness and stored span count', responses: { 200: ok('status, storage kind, span count') } } },
    '/api/chains/trace/{traceId}': {
      get: {
        summary: 'Causal chain through a trace (parent/child and links in both directions, across traces)',
        parameters: [path('traceId', '32 hex digits, either case'), query('limit', 'node cap (1-50000, default 5000)', false, { type: 'integer' })],
        responses: { 200: ok('chain', { $ref: '#/components/schemas/Chain' }), 400: error, 404: error, 422: tooManySpans, 503: storeMemory },
      },
    },
    '/api/chains': {
      get: {
        summary: "Chains of a customer's spans in the time range",
        parameters: [query('customer', 'customer id', true), ...timeParams, query('limit', 'node cap', false, { type: 'integer' })],
        responses: { 200: ok('chain', { $ref: '#/components/schemas/Chain' }), 400: error, 422: tooManySpans, 503: storeMemory },
      },
    },
    '/api/spans/{traceId}/{spanId}': {
      get: { summary: 'One stored span with every attribute', parameters: [path('traceId', '32 hex digits'), path('spanId', '16 hex digits')], responses: { 200: ok('span'), 400: error, 404: error } },
    },
    '/api/customers': {
      get: { summary: 'Active customers, most active first', parameters: [query('search', 'id prefix'), ...timeParams, query('limit', '1-1000', false, { type: 'integer' })], responses: { 200: ok('customers'), 400: error } },
    },
    '/api/customers/{id}/timeline': {
      get: { summary: "A customer's spans (and relevant global events) with their conflicts", parameters: [path('id', 'customer id'), ...timeParams], responses: { 200: ok('timeline'), 400: error, 422: tooManySpans, 503: storeMemory } },
    },
    '/api/conflicts': {
      get: { summary: 'Protocol handbook violations anchored in the range', parameters: [...timeParams, query('customer', 'only this customer')], responses: { 200: ok('{ conflicts }'), 400: error, 422: tooManySpans, 503: storeMemory } },
    },
    '/api/loops': { get: { summary: 'Feedback loops (CONTRACT §1)', parameters: timeParams, responses: { 200: ok('{ loops }'), 400: error, 422: tooManySpans, 503: storeMemory } } },
    '/api/change-latency': {
      get: { summary: 'Change lead times per model (count, exact p50/p90), DORA buckets, weekly trend, reaction latency', parameters: timeParams, responses: { 200: ok('latency'), 400: error, 422: tooManySpans, 503: storeMemory } },
    },
    '/api/paths': {
      get: {
        summary: "Agents' directly-follows graph",
        parameters: [...timeParams, query('customer', 'one customer'), query('model', 'command or network', false, { enum: ['command', 'network'] })],
        responses: { 200: ok('{ nodes, edges }'), 400: error, 422: tooManySpans, 503: storeMemory },
      },
    },
    '/api/audit': { get: { summary: 'Journey audit: predictability × impact with recommendation', parameters: timeParams, responses: { 200: ok('{ journeys }'), 400: error, 422: tooManySpans, 503: storeMemory } } },
    '/api/reports/weekly': {
      get: {
        summary: 'Weekly council report with week-over-week deltas',
        parameters: [query('week', 'ISO week, e.g. 2026-W48 (years 1901 to 2261)', true), query('format', 'json (default) or md', false, { enum: ['json', 'md'] })],
        responses: { 200: { description: 'report', content: { 'application/json': { schema: { type: 'object' } }, 'text/markdown': { schema: { type: 'string' } } } }, 400: error, 422: tooManySpans, 503: storeMemory },
      },
    },
  },
  components: {
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      Chain: {
        type: 'object',
        required: ['nodes', 'edges', 'truncated'],
        properties: {
          nodes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['traceId', 'spanId', 'agent', 'model', 'name', 'start', 'durationNs'],
              properties: {
                traceId: { type: 'string' }, spanId: { type: 'string' }, agent: { type: 'string' }, model: { type: ['string', 'null'] },
                name: { type: 'string' }, start: { type: 'string', format: 'date-time' }, durationNs: { type: 'integer' },
                intent: { type: 'string' }, event: { type: 'string' },
              },
            },
          },
          edges: {
            type: 'array',
            items: { type: 'object', required: ['from', 'to', 'kind'], properties: { from: { type: 'string' }, to: { type: 'string' }, kind: { enum: ['parent', 'link'] }, cycle: { type: 'boolean' } } },
          },
          truncated: { type: 'boolean' },
        },
      },
    },
  },
} as const;
