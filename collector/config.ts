/**
 * `flexix serve` configuration: read once from flags and environment, validated with zod; every error names the
 * flag (or variable) that is wrong.
 */
import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { DurationSchema, parseDurationMs } from '../schemas/handbook.js';
import { DEFAULT_BATCH_WRITER_OPTIONS } from './ingest/BatchWriter.js';
import { ANY_ORIGIN, normalizeOrigin } from './http/cors.js';

/**
 * Default of `--max-analysis-spans`: about 1.3 KB of memory per span loaded (measured on a 10M-span store), so an
 * analysis holds at most about 1.3 GB, well inside Node's heap.
 */
export const DEFAULT_MAX_ANALYSIS_SPANS = 1_000_000;

/** Handbook shipped with the project, used when `--protocols` is not given. */
export const DEFAULT_PROTOCOLS_FILE = fileURLToPath(new URL('../schemas/protocols.default.json', import.meta.url));

const port = (flag: string) =>
  z.coerce.number({ error: `${flag}: expected a port number` }).int(`${flag}: expected an integer port`)
    .min(0, `${flag}: must be 0 (any free port) to 65535`).max(65535, `${flag}: must be 0 (any free port) to 65535`);

const duration = (flag: string) =>
  z.string().refine((s) => DurationSchema.safeParse(s).success, `${flag}: expected a duration such as 5s, 15m or 30d`).transform(parseDurationMs);

const corsOrigins = z
  .array(
    z.string().transform((value, ctx) => {
      const origin = normalizeOrigin(value);
      if (origin === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `--cors-origin / FLEXIX_CORS_ORIGIN: "${value}" is not an origin: expected scheme://host[:port] such as https://app.example.com (no path), or *`,
        });
        return z.NEVER;
      }
      return origin;
    }),
  )
  .refine((list) => !list.includes(ANY_ORIGIN) || list.length === 1, '--cors-origin / FLEXIX_CORS_ORIGIN: * already allows every origin; do not combine it with specific origins')
  .transform((list) => [...new Set(list)]);

const ServeConfigSchema = z.object({
  dataDir: z.string().min(1, '--data: must not be empty'),
  clickhouseUrl: z.url({ error: '--clickhouse-url / CLICKHOUSE_URL: expected a URL such as http://localhost:8123' }).optional(),
  clickhouseUser: z.string().optional(),
  clickhousePassword: z.string().optional(),
  database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'CLICKHOUSE_DATABASE: expected a plain identifier'),
  cluster: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, '--cluster: expected a plain identifier').optional(),
  retentionMs: duration('--retention').optional(),
  otlpPort: port('--otlp-port'),
  port: port('--port'),
  host: z.string().min(1, '--host: must not be empty'),
  protocolsFile: z.string().min(1),
  demo: z.boolean(),
  alertWebhooks: z.array(z.url({ error: '--alert-webhook: expected a URL' })),
  alertIntervalMs: duration('--alert-interval'),
  /** 0: weeks' report figures are computed only when asked. */
  weeklyKeepIntervalMs: z
    .string()
    .refine((s) => s === 'off' || DurationSchema.safeParse(s).success, '--weekly-keep-interval: expected off or a duration such as 10m or 1h')
    .transform((s) => (s === 'off' ? 0 : parseDurationMs(s))),
  maxPendingSpans: z.coerce.number({ error: '--max-pending-spans: expected a number' }).int('--max-pending-spans: expected an integer')
    .min(1000, '--max-pending-spans: must be at least 1000'),
  /** Most spans one API analysis may load into memory; 0 = no limit. */
  maxAnalysisSpans: z.coerce.number({ error: '--max-analysis-spans: expected a number' }).int('--max-analysis-spans: expected an integer')
    .min(0, '--max-analysis-spans: must be 0 (no limit) or more'),
  ingestToken: z.string().min(1, '--ingest-token: must not be empty').optional(),
  apiToken: z.string().min(1, '--api-token: must not be empty').optional(),
  /** Origins allowed cross-origin access (CORS) to the OTLP receiver and the API; empty = CORS off. */
  corsOrigins,
});

/** Validated `flexix serve` configuration. */
export type ServeConfig = z.infer<typeof ServeConfigSchema>;

/** Flags as commander hands them over (strings, booleans, repeated values as arrays). */
export interface ServeFlags {
  data?: string;
  clickhouseUrl?: string;
  cluster?: string;
  retention?: string;
  otlpPort?: string;
  port?: string;
  host?: string;
  protocols?: string;
  demo?: boolean;
  alertWebhook?: string[];
  alertInterval?: string;
  weeklyKeepInterval?: string;
  maxPendingSpans?: string;
  maxAnalysisSpans?: string;
  ingestToken?: string;
  apiToken?: string;
  /** Each value one origin or several separated by commas. */
  corsOrigin?: string[];
}

/** Splits comma-separated origin lists (`--cors-origin a,b`, `FLEXIX_CORS_ORIGIN=a,b`) into single values. */
function splitOrigins(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim());
}

/** Thrown for invalid configuration; the message lists every problem. */
export class ConfigError extends Error {}

/** Builds the configuration from flags and environment; flags win over the environment. */
export function loadServeConfig(flags: ServeFlags, env: Record<string, string | undefined>): ServeConfig {
  const result = ServeConfigSchema.safeParse({
    dataDir: flags.data ?? './data',
    clickhouseUrl: flags.clickhouseUrl ?? (env.CLICKHOUSE_URL || undefined),
    clickhouseUser: env.CLICKHOUSE_USER || undefined,
    clickhousePassword: env.CLICKHOUSE_PASSWORD || undefined,
    database: env.CLICKHOUSE_DATABASE || 'flexix',
    cluster: flags.cluster,
    retentionMs: flags.retention,
    otlpPort: flags.otlpPort ?? '4318',
    port: flags.port ?? '8080',
    host: flags.host ?? '127.0.0.1',
    protocolsFile: flags.protocols ?? DEFAULT_PROTOCOLS_FILE,
    demo: flags.demo ?? false,
    alertWebhooks: flags.alertWebhook ?? [],
    alertIntervalMs: flags.alertInterval ?? '5s',
    weeklyKeepIntervalMs: flags.weeklyKeepInterval ?? '1m',
    maxPendingSpans: flags.maxPendingSpans ?? String(DEFAULT_BATCH_WRITER_OPTIONS.maxPendingRows),
    maxAnalysisSpans: flags.maxAnalysisSpans ?? String(DEFAULT_MAX_ANALYSIS_SPANS),
    ingestToken: flags.ingestToken ?? (env.FLEXIX_INGEST_TOKEN || undefined),
    apiToken: flags.apiToken ?? (env.FLEXIX_API_TOKEN || undefined),
    corsOrigins: splitOrigins(flags.corsOrigin ?? (env.FLEXIX_CORS_ORIGIN ? [env.FLEXIX_CORS_ORIGIN] : [])),
  });
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}
