import { Injectable } from '@nestjs/common';

/**
 * Work the close job does once every report snapshot of a cycle is stored, and before the cycle's
 * reportsReady turns true: features register a step at start (the collective profile does), so
 * reports never imports them. Each step must be safe to run again (the job may be retried).
 */
export interface CloseStep {
  /** For logs. */
  readonly name: string;
  /** Steps run one after the other, lowest first (the collective profile is 10). */
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

  /** Every registered step, in order; the first failure stops the rest (and fails the job). */
  async runAll(cycleId: string): Promise<void> {
    for (const step of this.steps) await step.run(cycleId);
  }
}
