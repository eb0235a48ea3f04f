import type { AnswerKeys } from '../modules/responses/answer-keys';
import { CliError } from './cli-error';

/**
 * Key rotation of the answers' key-encryption key: every cycle's data key re-wrapped under the
 * new ANSWERS_KEY (opened with it or ANSWERS_KEY_PREVIOUS). Ciphertexts stay as they are.
 */
export class RotateAnswersKeyCommand {
  constructor(private readonly keys: AnswerKeys) {}

  async run(): Promise<{ keyId: string; rewrapped: number; alreadyCurrent: number }> {
    const outcome = await this.keys.rotate();
    if (outcome.failed.length > 0) {
      throw new CliError(
        `Re-wrapped ${outcome.rewrapped} data keys, but ${outcome.failed.length} open with neither ` +
          `ANSWERS_KEY nor ANSWERS_KEY_PREVIOUS (cycles ${outcome.failed.join(', ')}). Set ` +
          'ANSWERS_KEY_PREVIOUS to the key they were wrapped with and run the command again.',
      );
    }
    return {
      keyId: this.keys.currentKeyId(),
      rewrapped: outcome.rewrapped,
      alreadyCurrent: outcome.alreadyCurrent,
    };
  }
}
