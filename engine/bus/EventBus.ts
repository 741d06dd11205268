import type { Scheduler } from '../clock/Scheduler.js';
import type { BusEvent } from './BusEvent.js';

/** Receives the events of the types it subscribed to. */
export type EventHandler = (event: BusEvent) => void;

/**
 * Publish/subscribe by event type. Delivery goes through the scheduler (after an optional delay) rather than a direct
 * call, so a chain of reactions never recurses and delivery latency lives in virtual time.
 */
export class EventBus {
  private readonly handlers = new Map<string, EventHandler[]>();

  /** Delivers through `scheduler`. */
  constructor(private readonly scheduler: Scheduler) {}

  /** Calls `handler` for every event of `type` published from now on. */
  subscribe(type: string, handler: EventHandler): void {
    const list = this.handlers.get(type);
    if (list) list.push(handler);
    else this.handlers.set(type, [handler]);
  }

  /** Delivers `event` to the subscribers of its type `delayMs` after its publication time. */
  publish(event: BusEvent, delayMs = 0): void {
    const list = this.handlers.get(event.type);
    if (!list) return;
    this.scheduler.at(event.at + delayMs, () => {
      for (const handler of list) handler(event);
    });
  }
}
