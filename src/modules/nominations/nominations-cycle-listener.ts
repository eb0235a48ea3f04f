import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CycleEvents, CycleListener } from '../cycles/cycle-events';
import { InvitationsService } from './invitations.service';
import { RemindersService } from './reminders.service';

/** Invites a cycle's raters when it opens (or takes new leaders), reminds them on schedule. */
@Injectable()
export class NominationsCycleListener implements CycleListener, OnModuleInit {
  constructor(
    private readonly events: CycleEvents,
    private readonly invitations: InvitationsService,
    private readonly reminders: RemindersService,
  ) {}

  onModuleInit(): void {
    this.events.register(this);
  }

  invitationsDue(manager: EntityManager, cycleId: string): Promise<number> {
    return this.invitations.queueCycle(manager, cycleId);
  }

  countInvitationsDue(manager: EntityManager, cycleId: string): Promise<number> {
    return this.invitations.countToQueue(manager, cycleId);
  }

  reminderRoundDue(cycleId: string, roundKey: string): Promise<number | null> {
    return this.reminders.startScheduledRound(cycleId, roundKey);
  }
}
