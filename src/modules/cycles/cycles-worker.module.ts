import { Module } from '@nestjs/common';
import { CyclesModule } from './cycles.module';
import { CyclesProcessor } from './cycles.processor';

/** The scheduled close and reminder rounds (worker processes only). */
@Module({ imports: [CyclesModule], providers: [CyclesProcessor] })
export class CyclesWorkerModule {}
