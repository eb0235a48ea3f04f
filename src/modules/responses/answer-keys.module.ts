import { Module } from '@nestjs/common';
import { AnswerKeys } from './answer-keys';

/** The cycles' data keys, for the responses module and for what reads answers at close. */
@Module({ providers: [AnswerKeys], exports: [AnswerKeys] })
export class AnswerKeysModule {}
