import { ATTR, type ChangeStage, type Model } from '../../schemas/semconv.js';
import type { Orchestration } from '../Orchestration.js';
import type { CommandCalendar } from './ChangeCalendar.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One change request. */
export interface ChangeRequest {
  /** `flexix.change.id`. */
  id: string;
  /** `command`: a journey change; `network`: an agent change. */
  model: Model;
  /** The journey or agent changed. */
  target: string;
  /** `service.name` of the system that hosts the target. */
  service: string;
  /** Request time, epoch ms. */
  at: number;
}

/**
 * Walks changes through their stages on the clock, one span per stage (`flexix.change.*`): journey changes go
 * requested → approved → tested → deployed → live along the command calendar (change board, QA, deployment windows:
 * weeks); agent changes go requested → deployed → live (hours). Stages due after the simulation ends never happen,
 * like changes still in flight.
 */
export class ChangePipeline {
  /** Runs on `orchestration` with `calendar` for journey changes. */
  constructor(
    private readonly orchestration: Orchestration,
    private readonly calendar: CommandCalendar,
  ) {}

  /** Schedules every stage of `change`. */
  request(change: ChangeRequest): void {
    const times = change.model === 'command' ? this.commandStages(change.at) : this.networkStages(change.at);
    const o = this.orchestration;
    const actor = { id: change.target, model: change.model, service: change.service, governed: false };
    let requested: ReturnType<Orchestration['observe']> | undefined;
    for (const [stage, at] of times) {
      o.clock.at(at, () => {
        const span = o.observe(actor, {
          name: `change ${stage}`,
          phase: change.model === 'command' ? 'step' : 'act',
          at,
          hop: 0,
          // Later stages are children of the request, so a change reads as one trace.
          parent: requested,
          attributes: {
            [ATTR.event]: `change.${stage}`,
            [ATTR.changeId]: change.id,
            [ATTR.changeModel]: change.model,
            [ATTR.changeTarget]: change.target,
            [ATTR.changeStage]: stage,
          },
        });
        requested ??= span;
      });
    }
  }

  private commandStages(requestedAt: number): Array<[ChangeStage, number]> {
    const random = this.orchestration.random;
    // The change board meets with a backlog: days to weeks before approval; QA then takes one to two weeks.
    const approved = this.calendar.afterBusinessDays(requestedAt, 3 + random.int(8), random);
    const tested = this.calendar.afterBusinessDays(approved, 4 + random.int(7), random);
    const deployed = this.calendar.nextDeploymentWindow(tested);
    // Rolled out to all traffic the morning after the window, once smoke tests pass.
    const live = deployed + 8 * HOUR + random.next() * DAY;
    return [
      ['requested', requestedAt],
      ['approved', approved],
      ['tested', tested],
      ['deployed', deployed],
      ['live', live],
    ];
  }

  private networkStages(requestedAt: number): Array<[ChangeStage, number]> {
    const random = this.orchestration.random;
    const deployed = requestedAt + HOUR + random.next() * 5 * HOUR;
    const live = deployed + 15 * MINUTE + random.next() * 75 * MINUTE;
    return [
      ['requested', requestedAt],
      ['deployed', deployed],
      ['live', live],
    ];
  }
}
