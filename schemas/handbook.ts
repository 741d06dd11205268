/**
 * The protocol handbook (CONTRACT §2): one file shared by the engine's guard (before acting) and the analysis
 * (violations after the fact). Parsed and validated here once; errors name the rule and the field.
 */
import { z } from 'zod';

/** Duration text such as `30s`, `15m`, `48h`, `30d`. */
export const DurationSchema = z
  .string()
  .regex(/^\d+(ms|s|m|h|d|w)$/, 'expected a duration such as 30s, 15m, 48h or 30d');

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Converts a duration text (`48h`) to milliseconds. Throws on malformed input. */
export function parseDurationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d|w)$/.exec(text);
  if (!m) throw new Error(`invalid duration "${text}": expected a number and a unit (ms, s, m, h, d, w)`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** Matches spans by their `flexix.*` attributes; every key given must match. */
export const MatcherSchema = z
  .object({
    intent: z.string().optional(),
    event: z.string().optional(),
    agent: z.string().optional(),
    channel: z.string().optional(),
    subject: z.string().optional(),
    model: z.enum(['command', 'network']).optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .refine((m) => Object.keys(m).length > 0, 'a matcher needs at least one key');
/** A span matcher. */
export type Matcher = z.infer<typeof MatcherSchema>;

const RuleBase = { id: z.string().min(1), description: z.string().optional() };

/** Two kinds of span for one customer within a window contradict each other. */
export const ContradictionRuleSchema = z
  .object({
    ...RuleBase,
    kind: z.literal('contradiction'),
    a: MatcherSchema,
    b: MatcherSchema,
    within: DurationSchema,
    sameSubject: z.boolean().optional(),
    order: z.enum(['a-then-b', 'b-then-a']).optional(),
  })
  .strict();

/** At most `max` matching spans for one customer within any window. */
export const FrequencyRuleSchema = z
  .object({
    ...RuleBase,
    kind: z.literal('frequency'),
    match: MatcherSchema,
    max: z.number().int().nonnegative(),
    within: DurationSchema,
  })
  .strict();

/** A `then` span needs an earlier `first` span for the same customer. */
export const SequenceRuleSchema = z
  .object({ ...RuleBase, kind: z.literal('sequence'), first: MatcherSchema, then: MatcherSchema })
  .strict();

/** One handbook rule. */
export const RuleSchema = z.discriminatedUnion('kind', [
  ContradictionRuleSchema,
  FrequencyRuleSchema,
  SequenceRuleSchema,
]);
/** One handbook rule. */
export type Rule = z.infer<typeof RuleSchema>;
/** A contradiction rule. */
export type ContradictionRule = z.infer<typeof ContradictionRuleSchema>;
/** A frequency rule. */
export type FrequencyRule = z.infer<typeof FrequencyRuleSchema>;
/** A sequence rule. */
export type SequenceRule = z.infer<typeof SequenceRuleSchema>;

/** The whole handbook. Rule ids are unique. */
export const HandbookSchema = z
  .object({ rules: z.array(RuleSchema) })
  .superRefine((h, ctx) => {
    const seen = new Set<string>();
    h.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}"` });
      seen.add(r.id);
    });
  });
/** The protocol handbook. */
export type Handbook = z.infer<typeof HandbookSchema>;

/** The matchers of one rule. */
export function ruleMatchers(rule: Rule): Matcher[] {
  return rule.kind === 'contradiction' ? [rule.a, rule.b] : rule.kind === 'frequency' ? [rule.match] : [rule.first, rule.then];
}

/** Every matcher of the handbook: a span no rule can match cannot be part of a violation. */
export function handbookMatchers(handbook: Handbook): Matcher[] {
  return handbook.rules.flatMap(ruleMatchers);
}

/**
 * Validates a parsed handbook document; the error message names each offending rule (by id when it has one) and field.
 */
export function parseHandbook(doc: unknown, source = 'handbook'): Handbook {
  const result = HandbookSchema.safeParse(doc);
  if (result.success) return result.data;
  const rules = (doc as { rules?: Array<{ id?: unknown }> } | null)?.rules;
  const problems = result.error.issues.map((issue) => {
    const [, index, ...rest] = issue.path;
    if (issue.path[0] === 'rules' && typeof index === 'number') {
      const id = rules?.[index]?.id;
      const name = typeof id === 'string' ? `rule "${id}"` : `rule #${index}`;
      return `${name}: ${rest.length ? rest.join('.') : 'rule'}: ${issue.message}`;
    }
    return `${issue.path.join('.') || 'document'}: ${issue.message}`;
  });
  throw new Error(`invalid protocol handbook ${source}: ${problems.join('; ')}`);
}
