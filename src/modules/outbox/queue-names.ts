/** The BullMQ queues. Job ids may not contain ':' in BullMQ 6, hence the '-' separators. */
export const QUEUES = {
  mail: 'mail',
  cycles: 'cycles',
  reports: 'reports',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
