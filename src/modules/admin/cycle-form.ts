import { londonTime, parseDay } from '../../common/london-date';
import { FormBody, FormErrors, textField } from '../../pages/form-fields';
import type { CreateCycleDto } from '../cycles/dto/cycle.dto';

/** A cycle closes at 5pm London time on the day chosen. */
const CLOSING_HOUR = 17;
const IN_THE_FUTURE = 'Closing date must be in the future (the cycle closes at 5pm that day)';

/** The create-cycle form as typed (kept when it is shown again with errors). */
export interface CycleForm {
  name: string;
  closingDate: string;
  frameworkId: string;
  threshold: string;
  managerDisclosed: boolean;
  reminderDays: string;
}

export const NEW_CYCLE_FORM: CycleForm = {
  name: '',
  closingDate: '',
  frameworkId: '',
  threshold: '3',
  managerDisclosed: false,
  reminderDays: '7, 2',
};

export function readCycleForm(body: FormBody): CycleForm {
  return {
    name: textField(body, 'name', 400),
    closingDate: textField(body, 'closingDate', 40),
    frameworkId: textField(body, 'frameworkId', 100),
    threshold: textField(body, 'threshold', 20),
    managerDisclosed: textField(body, 'managerDisclosed') === 'yes',
    reminderDays: textField(body, 'reminderDays', 200),
  };
}

/**
 * Checks every field, adding one message per field to `errors`; the cycle to create when all are
 * right. `frameworkIds` are those the admin may choose, the first the default.
 */
export function checkCycleForm(
  form: CycleForm,
  frameworkIds: string[],
  errors: FormErrors,
  now = Date.now(),
): CreateCycleDto | null {
  const name = form.name.replace(/\s+/g, ' ').trim();
  if (name === '') errors.add('name', 'Enter a name for the cycle');
  else if (name.length > 200) errors.add('name', 'Name must be 200 characters or fewer');

  let closesAt: Date | null = null;
  if (form.closingDate.trim() === '') errors.add('closingDate', 'Enter the closing date');
  else {
    const day = parseDay(form.closingDate);
    if (!day) errors.add('closingDate', 'Closing date must be a real date, like 17/04/2027');
    else {
      closesAt = londonTime(day, CLOSING_HOUR);
      if (closesAt.getTime() <= now) errors.add('closingDate', IN_THE_FUTURE);
    }
  }

  const frameworkId = form.frameworkId || frameworkIds[0] || '';
  if (!frameworkIds.includes(frameworkId))
    errors.add('frameworkId', 'Select a framework from the list');

  const threshold = form.threshold.trim();
  if (threshold === '') errors.add('threshold', 'Enter the anonymity threshold');
  else if (!/^\d+$/.test(threshold) || Number(threshold) < 3 || Number(threshold) > 50)
    errors.add(
      'threshold',
      'Anonymity threshold must be a whole number from 3 to 50: smaller groups could identify raters',
    );

  const days = parseReminderDays(form.reminderDays);
  if (days === null)
    errors.add(
      'reminderDays',
      'Reminder days must be whole numbers of days from 1 to 365, separated by commas, like 7, 2',
    );

  if (errors.any || !closesAt || !days) return null;
  return {
    name,
    closesAt: closesAt.toISOString(),
    frameworkId,
    anonymityThreshold: Number(threshold),
    managerDisclosed: form.managerDisclosed,
    reminderDaysBeforeClose: days,
  };
}

/** The message for a closing date the service found in the past (the clock moved on). */
export const CLOSING_DATE_PASSED = IN_THE_FUTURE;

/** "7, 2" or "7 2" → [7, 2]; empty → []; null when anything is not a day from 1 to 365 or repeats. */
export function parseReminderDays(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const days = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 365)) return null;
  if (new Set(days).size !== days.length) return null;
  return days.sort((a, b) => b - a);
}
