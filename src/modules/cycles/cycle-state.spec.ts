import { CYCLE_STATES } from './cycle.entity';
import { alreadyHappened, settingProblem, transitionProblem } from './cycle-state';

describe('cycle state machine', () => {
  it('allows draft → open → closed → released, one step at a time', () => {
    expect(transitionProblem('draft', 'open')).toBeNull();
    expect(transitionProblem('open', 'close')).toBeNull();
    expect(transitionProblem('closed', 'release')).toBeNull();
  });

  it('knows an action has already happened once the cycle is in its state or beyond', () => {
    const happened = (action: 'open' | 'close' | 'release') =>
      CYCLE_STATES.filter((state) => alreadyHappened(state, action));
    expect(happened('open')).toEqual(['open', 'closed', 'released']);
    expect(happened('close')).toEqual(['closed', 'released']);
    expect(happened('release')).toEqual(['released']);
  });

  it('refuses every other transition, naming the current state', () => {
    const allowed = new Set(['draft:open', 'open:close', 'closed:release']);
    for (const state of CYCLE_STATES) {
      for (const action of ['open', 'close', 'release'] as const) {
        if (allowed.has(`${state}:${action}`)) continue;
        expect(transitionProblem(state, action)).toContain(`The cycle is ${state}`);
      }
    }
  });

  it('says a closed or released cycle never reopens', () => {
    expect(transitionProblem('released', 'open')).toBe(
      'The cycle is released, so it cannot be opened: a cycle opens once and can never reopen.',
    );
    expect(transitionProblem('draft', 'release')).toMatch(/close it first/);
  });

  it('lets the threshold change only in a draft, closesAt until close, the name always', () => {
    expect(settingProblem('draft', 'anonymityThreshold')).toBeNull();
    expect(settingProblem('open', 'anonymityThreshold')).toMatch(
      /only while the cycle is a draft \(it is open\)/,
    );
    expect(settingProblem('open', 'managerDisclosed')).not.toBeNull();
    expect(settingProblem('open', 'closesAt')).toBeNull();
    expect(settingProblem('closed', 'closesAt')).toMatch(/before the cycle closes/);
    expect(settingProblem('released', 'name')).toBeNull();
  });
});
