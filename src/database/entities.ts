import { OutboxMessage } from '../modules/outbox/outbox-message.entity';
import { Organisation } from '../modules/organisations/organisation.entity';
import { Person } from '../modules/organisations/person.entity';
import { Unit } from '../modules/organisations/unit.entity';
import { SignInLink } from '../modules/auth/sign-in-link.entity';
import { Cycle } from '../modules/cycles/cycle.entity';
import { FeedbackRequest } from '../modules/cycles/feedback-request.entity';
import { Framework } from '../modules/frameworks/framework.entity';
import { Nomination } from '../modules/nominations/nomination.entity';
import { ResponseDraft } from '../modules/responses/response-draft.entity';
import { Response } from '../modules/responses/response.entity';
import { ReportNotification } from '../modules/reports/report-notification.entity';
import { ReportSnapshot } from '../modules/reports/report-snapshot.entity';
import { ReportView } from '../modules/reports/report-view.entity';
import { CoachGrant } from '../modules/collective/coach-grant.entity';
import { CollectiveProfileRecord } from '../modules/collective/collective-profile.entity';
import { CollectiveProfileView } from '../modules/collective/collective-profile-view.entity';

/** Every entity, for the app's DataSource and the TypeORM CLI alike. */
export const entities = [
  Organisation,
  Unit,
  Person,
  SignInLink,
  OutboxMessage,
  Framework,
  Cycle,
  FeedbackRequest,
  Nomination,
  Response,
  ResponseDraft,
  ReportSnapshot,
  ReportView,
  ReportNotification,
  CoachGrant,
  CollectiveProfileRecord,
  CollectiveProfileView,
];
