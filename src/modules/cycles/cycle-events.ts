import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What a feature does when a cycle announces its raters are due: nominations registers one at
 * start (onModuleInit), so cycles never imports nominations.
 */
export interface CycleListener {
  /**
   * Inside the transaction that opens a cycle, or that enrols leaders into an open one: create
   * and queue what is now due for `cycleId`. Returns how many emails were queued.
   */
  invitationsDue(manager: EntityManager, cycleId: string): Promise<number>;
  /** How many emails invitationsDue would queue now (for a page that asks to confirm). */
  countInvitationsDue(manager: EntityManager, cycleId: string): Promise<number>;
  /**
   * A scheduled reminder round of an open cycle (`roundKey` names it). Returns how many emails
   * were queued, or null when the round had already run or the cycle is no longer open.
   */
  reminderRoundDue(cycleId: string, roundKey: string): Promise<number | null>;
}

/** The listeners of cycle events, registered at start as mail composers and home sections are. */
@Injectable()
export class CycleEvents {
  private readonly listeners: CycleListener[] = [];

  register(listener: CycleListener): void {
    this.listeners.push(listener);
  }

  async invitationsDue(manager: EntityManager, cycleId: string): Promise<number> {
    let queued = 0;
    // One after the other: they share the caller's transaction (one connection).
    for (const listener of this.registered())
      queued += await listener.invitationsDue(manager, cycleId);
    return queued;
  }

  async countInvitationsDue(manager: EntityManager, cycleId: string): Promise<number> {
    let count = 0;
    for (const listener of this.registered())
      count += await listener.countInvitationsDue(manager, cycleId);
    return count;
  }

  async reminderRoundDue(cycleId: string, roundKey: string): Promise<number | null> {
    let queued: number | null = null;
    for (const listener of this.registered()) {
      const n = await listener.reminderRoundDue(cycleId, roundKey);
      if (n !== null) queued = (queued ?? 0) + n;
    }
    return queued;
  }

  private registered(): CycleListener[] {
    // An empty registry would open cycles that invite nobody: fail loudly instead.
    if (this.listeners.length === 0) throw new Error('No feature listens to cycle events');
    return this.listeners;
  }
}
