import { DomainError } from '../../common/domain-error';
import type { CycleState } from '../cycles/cycle.entity';

// Why a rater's link cannot be used: shared by the link lookup and the storing of answers.

export function linkNotValid(): DomainError {
  return new DomainError(
    'NOT_FOUND',
    'This feedback link is not valid: check that you copied the whole link from your email',
  );
}

export function alreadyDone(status: 'completed' | 'declined'): DomainError {
  return status === 'completed'
    ? new DomainError(
        'ALREADY_ANSWERED',
        'You have already answered: answers cannot be changed once they are sent',
      )
    : new DomainError('ALREADY_DECLINED', 'You have already declined to answer this questionnaire');
}

/**
 * A draft cycle has sent no links, so its tokens cannot normally exist; if one does it is
 * "not open" like a closed cycle (410, as the API says "Cycle not open → 410"). A cycle past its
 * `closesAt` counts as closed even before the scheduled close job has run.
 */
export function assertOpen(state: CycleState, closesAt: Date, now: Date): void {
  if (state === 'open' && closesAt.getTime() > now.getTime()) return;
  const message =
    state === 'draft'
      ? 'This questionnaire is not open yet: use the link once you have been invited by email'
      : 'This questionnaire has closed: answers can no longer be given or changed';
  throw new DomainError('QUESTIONNAIRE_NOT_OPEN', message);
}
