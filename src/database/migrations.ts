import { Foundation1764180000000 } from './migrations/1764180000000-foundation';
import { Cycles1764180100000 } from './migrations/1764180100000-cycles';
import { DefaultFramework1764180210000 } from './migrations/1764180210000-default-framework';
import { ReminderRounds1764180220000 } from './migrations/1764180220000-reminder-rounds';
import { Reports1764180500000 } from './migrations/1764180500000-reports';
import { DeliveryUpdatesInPlace1764180600000 } from './migrations/1764180600000-delivery-updates-in-place';
import { CollectiveProfile1764181200000 } from './migrations/1764181200000-collective-profile';
import { SealedAnswers1764181400000 } from './migrations/1764181400000-sealed-answers';

/** Every migration in order; applied at start (migrationsRun) and by `npm run migration:run`. */
export const migrations = [
  Foundation1764180000000,
  Cycles1764180100000,
  DefaultFramework1764180210000,
  ReminderRounds1764180220000,
  Reports1764180500000,
  DeliveryUpdatesInPlace1764180600000,
  CollectiveProfile1764181200000,
  SealedAnswers1764181400000,
];
