import { Injectable } from '@nestjs/common';
import type { MailComposer } from './mail-composer';

/** Job name → composer. Feature modules register theirs at start (onModuleInit). */
@Injectable()
export class MailComposers {
  private readonly composers = new Map<string, MailComposer>();

  register(jobName: string, composer: MailComposer): void {
    if (this.composers.has(jobName)) throw new Error(`Mail composer "${jobName}" registered twice`);
    this.composers.set(jobName, composer);
  }

  get(jobName: string): MailComposer {
    const composer = this.composers.get(jobName);
    if (!composer) throw new Error(`No mail composer for job "${jobName}"`);
    return composer;
  }
}
