import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { html, SafeHtml } from '../../common/html';
import { HomeSections } from '../auth/home-sections';
import type { Person } from '../organisations/person.entity';

/** An admin's list stops here; a note says so. */
const MOST_LISTED = 1000;

interface ListedReport {
  requestId: string;
  cycleId: string;
  cycleName: string;
  leaderId: string;
  leaderName: string;
  coachId: string | null;
}

/**
 * The home page's list of every report, by cycle, for an admin (a leader's own and a coach's
 * coachees' are in RequestsHomeSection). Only stored snapshots.
 */
@Injectable()
export class ReportsHomeSection implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sections: HomeSections,
  ) {}

  onModuleInit(): void {
    this.sections.register((person) => this.render(person));
  }

  async render(person: Person): Promise<SafeHtml | null> {
    const isAdmin = person.roles.includes('admin');
    if (!isAdmin) return null;
    const reports = await this.dataSource.query<ListedReport[]>(
      `SELECT s.feedback_request_id AS "requestId", c.id AS "cycleId", c.name AS "cycleName",
              fr.leader_id AS "leaderId", p.name AS "leaderName", fr.coach_id AS "coachId"
         FROM report_snapshots s
         JOIN feedback_requests fr ON fr.id = s.feedback_request_id
         JOIN cycles c ON c.id = s.cycle_id
         JOIN people p ON p.id = fr.leader_id
        WHERE s.organisation_id = $1
          AND c.state IN ('closed', 'released')
          AND $2::boolean
        ORDER BY c.closed_at DESC NULLS LAST, c.name, c.id, p.name
        LIMIT ${MOST_LISTED + 1}`,
      [person.organisationId, isAdmin],
    );
    if (reports.length === 0) return null;
    const link = (r: ListedReport, label: string) =>
      html`<a href="/requests/${r.requestId}/report">${label}</a>`;

    const parts: SafeHtml[] = [];
    if (isAdmin)
      parts.push(this.byCycle(reports.slice(0, MOST_LISTED), link, reports.length > MOST_LISTED));
    return html`${parts}`;
  }

  private byCycle(
    reports: ListedReport[],
    link: (r: ListedReport, label: string) => SafeHtml,
    truncated: boolean,
  ): SafeHtml {
    const cycles = new Map<string, { name: string; reports: ListedReport[] }>();
    for (const r of reports) {
      const cycle = cycles.get(r.cycleId) ?? { name: r.cycleName, reports: [] };
      cycle.reports.push(r);
      cycles.set(r.cycleId, cycle);
    }
    return html`<h2>All reports, by cycle</h2>
      ${[...cycles.values()].map(
        (cycle) =>
          html`<h3>${cycle.name}</h3>
            <ul>
              ${cycle.reports.map((r) => html`<li>${link(r, r.leaderName)}</li>`)}
            </ul>`,
      )}
      ${truncated ? html`<p>Only the ${MOST_LISTED} most recent reports are listed here.</p>` : ''}`;
  }
}
