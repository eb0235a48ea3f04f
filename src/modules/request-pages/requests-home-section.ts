import { Injectable, OnModuleInit } from '@nestjs/common';
import { raw, SafeHtml } from '../../common/html';
import { renderView } from '../../pages/view-engine';
import { HomeSections } from '../auth/home-sections';
import { formatLondonDateTime } from '../../common/london-time';
import { FeedbackRequestsService } from '../nominations/feedback-requests.service';
import type { Person } from '../organisations/person.entity';
import { ReportsService } from '../reports/reports.service';
import { STATE_TAGS } from './states';

/**
 * Home's "Your feedback" (a leader's own requests) and "Your coachees" (every request a coach
 * coaches in a cycle that has opened: progress as "N of M", the report once it may be read).
 */
@Injectable()
export class RequestsHomeSection implements OnModuleInit {
  constructor(
    private readonly sections: HomeSections,
    private readonly requests: FeedbackRequestsService,
    private readonly reports: ReportsService,
  ) {}

  onModuleInit(): void {
    // First on the page: what the person does most.
    this.sections.register((person) => this.render(person), 0);
  }

  async render(person: Person): Promise<SafeHtml | null> {
    const me = {
      id: person.id,
      organisationId: person.organisationId,
      email: person.email,
      name: person.name,
      roles: person.roles,
    };
    const rows = await this.requests.homeRows(me);
    const shown = (r: (typeof rows)[number]) => ({
      ...r,
      stateText: STATE_TAGS[r.state]?.text ?? r.state,
      stateClass: STATE_TAGS[r.state]?.classes ?? '',
      closes: formatLondonDateTime(r.closesAt),
    });
    const own = rows.filter((r) => r.leaderId === person.id);
    const coached = rows.filter((r) => r.coachId === person.id && r.state !== 'draft');
    // One access rule for the links and for reading (concurrent checks share one statement).
    const [ownReadable, readable] = await Promise.all([
      Promise.all(own.map((r) => this.reports.readableBy(me, r.id))),
      Promise.all(coached.map((r) => this.reports.readableBy(me, r.id))),
    ]);
    const parts: string[] = [];
    if (own.length > 0)
      parts.push(
        renderView('home/your-feedback.njk', {
          requests: own.map((r, i) => ({ ...shown(r), reportReadable: ownReadable[i] })),
        }),
      );
    if (coached.length > 0)
      parts.push(
        renderView('home/your-coachees.njk', {
          requests: coached.map((r, i) => ({ ...shown(r), reportReadable: readable[i] })),
        }),
      );
    return parts.length > 0 ? raw(parts.join('\n')) : null;
  }
}
