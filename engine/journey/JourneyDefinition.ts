import type { HubData } from './HubData.js';

/** What a journey knows about one enrolled customer. */
export interface Enrollment {
  customerId: string;
  /** Payload of the trigger event (e.g. the SKU a campaign promotes). */
  data: Readonly<Record<string, string | number | boolean>>;
}

/** Sends a message to the enrolled customer. */
export interface MessageStep {
  kind: 'message';
  id: string;
  channel: string;
  intent: string;
  /** Subject, fixed or computed from the enrollment and the hub's data. */
  subject?: string | ((enrollment: Enrollment, hub: HubData) => string);
  /** Step to continue with (default: the next one), so alternative paths can rejoin. */
  next?: string;
}

/** Waits before the next step. */
export interface WaitStep {
  kind: 'wait';
  id: string;
  ms: number;
}

/** Jumps to `goto` when `when` holds on the hub's own data, else continues with the next step. */
export interface BranchStep {
  kind: 'branch';
  id: string;
  when: (enrollment: Enrollment, hub: HubData) => boolean;
  goto: string;
}

/** Ends the journey for the customer. */
export interface ExitStep {
  kind: 'exit';
  id: string;
  /** Outcome recorded on the exit span. */
  outcome?: string;
}

/** One step of a command journey. */
export type JourneyStep = MessageStep | WaitStep | BranchStep | ExitStep;

/** A versioned flowchart run by the command hub for every customer its trigger event enrolls. */
export interface JourneyDefinition {
  /** `flexix.journey.id` (also the `flexix.agent` of its spans). */
  id: string;
  /** `flexix.journey.version`. */
  version: number;
  /** Event type that enrolls a customer. */
  trigger: string;
  steps: readonly JourneyStep[];
}
