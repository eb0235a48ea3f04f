import { Injectable } from '@nestjs/common';

/**
 * When a close step runs: `before-ready` work is part of what reportsReady promises (the
 * collective profile is read as soon as it is true); `after-ready` work is owed by the close but
 * no reader waits on it (the unlinking of responses), so it runs once reportsReady is true.
 */
export type ClosePhase = 'before-ready' | 'after-ready';

/**
 * Work the close job does once every report snapshot of a cycle is stored: features register a
 * step at start (the collective profile does), so reports never imports them. Each step must be
 * safe to run again: a failing step fails the job, which is retried from the start, and a retry
 * runs every step again.
 */
export interface CloseStep {
  /** For logs. */
  readonly name: string;
  readonly phase: ClosePhase;
  /** Steps of a phase run one after the other, lowest first (the collective profile is 10). */
  readonly order: number;
  run(cycleId: string): Promise<void>;
}

@Injectable()
export class CloseSteps {
  private readonly steps: CloseStep[] = [];

  register(step: CloseStep): void {
    this.steps.push(step);
    this.steps.sort((a, b) => a.order - b.order);
  }

  /** The registered steps of one phase, in order; the first failure stops the rest. */
  async runAll(cycleId: string, phase: ClosePhase): Promise<void> {
    for (const step of this.steps) if (step.phase === phase) await step.run(cycleId);
  }
}
