import { CYCLE_STATES, CycleState } from './cycle.entity';

export type CycleAction = 'open' | 'close' | 'release';

/** draft → open → closed → released, one step at a time, never back. */
const STEP: Record<CycleAction, { from: CycleState; to: CycleState }> = {
  open: { from: 'draft', to: 'open' },
  close: { from: 'open', to: 'closed' },
  release: { from: 'closed', to: 'released' },
};

export function nextState(action: CycleAction): CycleState {
  return STEP[action].to;
}

/** Whether the cycle is already in the state `action` leads to, or beyond it. */
export function alreadyHappened(state: CycleState, action: CycleAction): boolean {
  return CYCLE_STATES.indexOf(state) >= CYCLE_STATES.indexOf(STEP[action].to);
}

/** Why `action` is not allowed from `state`, in words a person can act on; null when it is. */
export function transitionProblem(state: CycleState, action: CycleAction): string | null {
  if (STEP[action].from === state) return null;
  const hint = ((): string => {
    switch (action) {
      case 'open':
        return state === 'open' ? 'it is already open' : 'a cycle opens once and can never reopen';
      case 'close':
        return state === 'draft' ? 'open it first' : `it is already ${state}`;
      case 'release':
        return state === 'released' ? 'it is already released' : 'close it first';
    }
  })();
  return `The cycle is ${state}, so it cannot be ${action === 'open' ? 'opened' : `${action}d`}: ${hint}.`;
}

/** Settings that shape what raters are promised: fixed once anyone has been invited. */
export const DRAFT_ONLY_SETTINGS = [
  'frameworkId',
  'opensAt',
  'anonymityThreshold',
  'managerDisclosed',
] as const;
/** Settings of the schedule: editable while a draft or open (an open cycle is rescheduled). */
export const SCHEDULE_SETTINGS = ['closesAt', 'reminderDaysBeforeClose'] as const;

export type CycleSetting =
  (typeof DRAFT_ONLY_SETTINGS)[number] | (typeof SCHEDULE_SETTINGS)[number] | 'name';

/** Why a setting may not change in this state; null when it may. The name may always change. */
export function settingProblem(state: CycleState, setting: CycleSetting): string | null {
  if (setting === 'name') return null;
  if ((DRAFT_ONLY_SETTINGS as readonly string[]).includes(setting)) {
    return state === 'draft'
      ? null
      : `${setting} can change only while the cycle is a draft (it is ${state})`;
  }
  return state === 'draft' || state === 'open'
    ? null
    : `${setting} can change only before the cycle closes (it is ${state})`;
}
