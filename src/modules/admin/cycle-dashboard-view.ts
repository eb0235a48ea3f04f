import { formatLondonDateTime } from '../../common/london-time';
import type { CycleView } from '../cycles/dto/cycle.dto';
import type { DeliverySummary } from '../nominations/deliveries.service';
import { STATE_NAMES } from './cycle-labels';

// The parts of a cycle's dashboard that are words about plain data, for the summary lists of
// its view. Pure.

const when = (iso: string) => formatLondonDateTime(new Date(iso));

/** State, dates, threshold, framework, disclosure and reminders, as summary-list rows. */
export function cycleSummaryRows(
  cycle: CycleView,
  framework: { id: string; name: string; version: number },
) {
  const dated = (label: string, iso: string | null) =>
    iso ? [{ key: { text: label }, value: { text: when(iso) } }] : [];
  const reminderDays = cycle.reminderDaysBeforeClose;
  return [
    { key: { text: 'State' }, value: { text: STATE_NAMES[cycle.state]! } },
    { key: { text: 'Closes' }, value: { text: when(cycle.closesAt) } },
    ...dated('Opened', cycle.openedAt),
    ...dated('Closed', cycle.closedAt),
    ...dated('Released', cycle.releasedAt),
    {
      key: { text: 'Anonymity threshold' },
      value: {
        text: `${cycle.anonymityThreshold}: a group's answers are shown only when at least ${cycle.anonymityThreshold} in it answered`,
      },
    },
    {
      key: { text: 'Framework' },
      value: { text: `${framework.name} (version ${framework.version})` },
      actions: {
        items: [
          {
            href: `/admin/frameworks/${framework.id}`,
            text: 'View',
            visuallyHiddenText: 'the framework',
          },
        ],
      },
    },
    {
      key: { text: "Line manager's answers" },
      value: {
        text: cycle.managerDisclosed
          ? "Shown as the line manager's"
          : 'Counted with other colleagues',
      },
    },
    {
      key: { text: 'Reminders' },
      value: {
        text:
          reminderDays.length === 0 ? 'None' : `${reminderDays.join(' and ')} days before closing`,
      },
    },
  ];
}

/** Deliveries by status (nothing before the cycle opens). */
export function deliveryRows(deliveries: DeliverySummary | null) {
  if (!deliveries) return [];
  const row = (label: string, n: number) => ({ key: { text: label }, value: { text: String(n) } });
  const { counts } = deliveries;
  return [
    row('Sent', counts.sent),
    row('Waiting to be sent', counts.queued),
    row('Failed', counts.failed),
    ...(counts.unsent > 0 ? [row('Not sent yet', counts.unsent)] : []),
  ];
}
