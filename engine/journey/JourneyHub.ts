import type { Attributes, SpanContext } from '@opentelemetry/api';
import { ATTR } from '../../schemas/semconv.js';
import type { Actor } from '../Actor.js';
import type { BusEvent } from '../bus/BusEvent.js';
import type { ActionSpec, Orchestration } from '../Orchestration.js';
import { HubData } from './HubData.js';
import type { Enrollment, JourneyDefinition, JourneyStep } from './JourneyDefinition.js';

/** `service.name` of the command hub. */
export const JOURNEY_HUB_SERVICE = 'journey-hub';

/** Options of {@link JourneyHub}. */
export interface JourneyHubOptions {
  /** Whether the protocol guard checks journey messages (true in a hybrid setup). */
  governed: boolean;
}

interface Run {
  journey: JourneyDefinition;
  actor: Actor;
  enrollment: Enrollment;
  /** The enrollment span: every step is its child, so one customer's walk through a journey is one trace. */
  root: SpanContext;
  hop: number;
}

/**
 * The central command hub: enrolls customers on trigger events and walks each down its journey's flowchart on the
 * clock. It branches only on its own {@link HubData}.
 */
export class JourneyHub {
  /** The hub's own data, filled by batch syncs. */
  readonly data = new HubData();
  private readonly journeys = new Map<string, { journey: JourneyDefinition; actor: Actor; index: Map<string, number> }>();

  /** A hub on `orchestration`. */
  constructor(
    private readonly orchestration: Orchestration,
    private readonly options: JourneyHubOptions,
  ) {}

  /** Deploys a journey version: its trigger starts enrolling customers. */
  deploy(journey: JourneyDefinition): void {
    const actor: Actor = { id: journey.id, model: 'command', service: JOURNEY_HUB_SERVICE, governed: this.options.governed };
    const index = new Map(journey.steps.map((step, i) => [step.id, i]));
    this.journeys.set(journey.id, { journey, actor, index });
    this.orchestration.bus.subscribe(journey.trigger, (event) => this.enroll(journey.id, event));
  }

  /**
   * Lets the network update the hub's data in real time (a hybrid setup): each event of `type` sets one hub value,
   * recorded as a span linked to the event's producer. Without this, only batch syncs change hub data.
   */
  acceptRealtimeUpdates(type: string, update: (event: BusEvent) => readonly [key: string, value: string]): void {
    const actor: Actor = { id: HUB_API_AGENT, model: 'command', service: JOURNEY_HUB_SERVICE, governed: false };
    this.orchestration.bus.subscribe(type, (event) => {
      const [key, value] = update(event);
      this.data.set(key, value);
      this.orchestration.observe(actor, {
        name: `update ${type}`,
        phase: 'step',
        at: this.orchestration.clock.now(),
        hop: event.hop + 1,
        links: event.source ? [{ context: event.source }] : undefined,
        attributes: { [ATTR.event]: 'hub.updated', [ATTR.messageSubject]: event.subject ?? key },
      });
    });
  }

  private enroll(journeyId: string, event: BusEvent): void {
    const entry = this.journeys.get(journeyId);
    if (!entry || event.customerId === undefined) return;
    const { journey, actor } = entry;
    const hop = event.hop + 1;
    const root = this.orchestration.observe(actor, {
      name: `enroll ${journey.id}`,
      phase: 'step',
      at: this.orchestration.clock.now(),
      hop,
      customerId: event.customerId,
      links: event.source ? [{ context: event.source }] : undefined,
      attributes: { [ATTR.event]: event.type, ...journeyAttributes(journey, 'enroll') },
    });
    const run: Run = { journey, actor, enrollment: { customerId: event.customerId, data: event.data ?? {} }, root, hop };
    this.walk(run, 0);
  }

  /** Runs steps from `index` until a wait (which reschedules) or the end. */
  private walk(run: Run, index: number): void {
    const o = this.orchestration;
    const { journey, actor, enrollment } = run;
    const steps = journey.steps;
    for (let i = index; i < steps.length; ) {
      const step: JourneyStep = steps[i]!;
      if (step.kind === 'wait') {
        o.clock.at(o.clock.now() + step.ms, () => this.walk(run, i + 1));
        return;
      }
      const spec: ActionSpec = {
        name: `step ${step.id}`,
        phase: 'step',
        at: o.clock.now(),
        hop: run.hop,
        customerId: enrollment.customerId,
        parent: run.root,
        attributes: journeyAttributes(journey, step.id),
      };
      if (step.kind === 'message') {
        const subject = typeof step.subject === 'function' ? step.subject(enrollment, this.data) : step.subject;
        spec.message = { channel: step.channel, intent: step.intent, subject };
        o.act(actor, spec);
        i = step.next === undefined ? i + 1 : this.stepIndex(journey, step.next);
      } else if (step.kind === 'branch') {
        const taken = step.when(enrollment, this.data);
        spec.attributes![BRANCH_TAKEN_ATTR] = taken;
        o.observe(actor, spec);
        i = taken ? this.stepIndex(journey, step.goto) : i + 1;
      } else {
        spec.outcome = step.outcome;
        o.observe(actor, spec);
        return;
      }
    }
  }

  private stepIndex(journey: JourneyDefinition, stepId: string): number {
    const index = this.journeys.get(journey.id)?.index.get(stepId);
    if (index === undefined) throw new Error(`journey "${journey.id}" has no step "${stepId}"`);
    return index;
  }
}

/** `flexix.agent` of the hub's real-time update API. */
export const HUB_API_AGENT = 'hub-api';

/** Attribute of a branch step span: whether the branch jumped. */
export const BRANCH_TAKEN_ATTR = 'flexix.journey.branch_taken';

function journeyAttributes(journey: JourneyDefinition, stepId: string): Attributes {
  return { [ATTR.journeyId]: journey.id, [ATTR.journeyStep]: stepId, [ATTR.journeyVersion]: journey.version };
}
