import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { html, SafeHtml } from '../../common/html';
import { HomeSections } from '../auth/home-sections';
import { formatLondonDateTime } from '../../common/london-time';
import type { Person } from '../organisations/person.entity';
import type { CycleState } from './cycle.entity';

const MOST_LISTED = 50;

interface CycleRow {
  id: string;
  name: string;
  state: CycleState;
  closesAt: Date;
  invited: number;
  completed: number;
}

/**
 * The home page: an admin sees the organisation's latest cycles with response counts (a
 * leader's and a coach's requests are RequestsHomeSection's).
 */
@Injectable()
export class CyclesHomeSection implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sections: HomeSections,
  ) {}

  onModuleInit(): void {
    this.sections.register((person) => this.render(person));
  }

  async render(person: Person): Promise<SafeHtml | null> {
    const parts: SafeHtml[] = [];
    if (person.roles.includes('admin')) {
      const cycles = await this.dataSource.query<CycleRow[]>(
        `SELECT c.id, c.name, c.state, c.closes_at AS "closesAt",
                count(n.id)::int AS invited, count(n.id) FILTER (WHERE n.status = 'completed')::int AS completed
           FROM cycles c LEFT JOIN nominations n ON n.cycle_id = c.id
          WHERE c.organisation_id = $1
          GROUP BY c.id ORDER BY c.created_at DESC, c.id LIMIT ${MOST_LISTED}`,
        [person.organisationId],
      );
      parts.push(
        html`<h2>Run the service</h2>
          <ul class="nhsuk-list">
            <li><a href="/admin/people">People</a>: add, change and import them</li>
            <li><a href="/admin/units">Units</a>: the organisation's teams and directorates</li>
            <li><a href="/admin/cycles">Cycles</a>: create, open, remind, close and release</li>
            <li><a href="/admin/frameworks">Frameworks</a>: what raters are asked</li>
          </ul>`,
      );
      if (cycles.length > 0) {
        parts.push(
          html`<h2>Cycles</h2>
            <ul>
              ${cycles.map(
                (c) =>
                  html`<li>
                    <a href="/admin/cycles/${c.id}">${c.name}</a>: ${c.state}, closes
                    ${formatLondonDateTime(c.closesAt)}; ${c.completed} of ${c.invited} answered
                  </li>`,
              )}
            </ul>`,
        );
      }
    }
    return parts.length > 0 ? html`${parts}` : null;
  }
}
