import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { raw, SafeHtml } from '../../common/html';
import { formatLondonDateTime } from '../../common/london-time';
import { renderView } from '../../pages/view-engine';
import { HomeSections } from '../auth/home-sections';
import type { Person } from '../organisations/person.entity';
import { CoachGrantsService } from './coach-grants.service';

const MOST_LISTED = 10;

/**
 * Home's "Collective profiles": the latest closed cycles with a stored profile, for an admin and
 * for a coach granted at least one unit (the page itself shows them only what the rules allow).
 */
@Injectable()
export class CollectiveHomeSection implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sections: HomeSections,
    private readonly grants: CoachGrantsService,
  ) {}

  onModuleInit(): void {
    this.sections.register((person) => this.render(person), 5);
  }

  async render(person: Person): Promise<SafeHtml | null> {
    const admin = person.roles.includes('admin');
    if (!admin) {
      if (!person.roles.includes('coach')) return null;
      const granted = await this.grants.unitsGrantedTo(person.organisationId, person.id);
      if (granted.size === 0) return null;
    }
    const cycles = await this.dataSource.query<{ id: string; name: string; closedAt: Date }[]>(
      `SELECT c.id, c.name, c.closed_at AS "closedAt" FROM cycles c
        WHERE c.organisation_id = $1 AND c.state IN ('closed', 'released')
          AND EXISTS (SELECT 1 FROM collective_profiles p WHERE p.cycle_id = c.id)
        ORDER BY c.closes_at DESC LIMIT ${MOST_LISTED}`,
      [person.organisationId],
    );
    if (cycles.length === 0) return null;
    return raw(
      renderView('collective/home-section.njk', {
        asCoach: !admin,
        cycles: cycles.map((c) => ({
          ...c,
          closed: c.closedAt ? formatLondonDateTime(new Date(c.closedAt)) : null,
        })),
      }),
    );
  }
}
