import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { Person } from '../organisations/person.entity';
import { OutboxService } from '../outbox/outbox.service';
import { CycleEvents } from './cycle-events';
import { EnrolDto, EnrolledRequest } from './dto/cycle.dto';
import { lockCycle } from './lock-cycle';

/**
 * Enrols leaders (each gets one feedback request) with an optional coach. Enrolling a leader
 * again is idempotent: the same request comes back, with its coach replaced when one is given.
 * In an open cycle the new leaders' self-assessments are created and queued at once.
 */
@Injectable()
export class ParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CycleEvents,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Enrols everyone with the leader role in a unit and the units under it (their coaches stay as
   * they are). Returns how many leaders the unit has and how many of them were not enrolled yet.
   */
  async enrolUnit(
    organisationId: string,
    cycleId: string,
    unitId: string,
  ): Promise<{ leaders: number; added: number }> {
    const leaders = await this.dataSource.query<{ id: string; enrolled: boolean }[]>(
      `WITH RECURSIVE subtree(id) AS (
         SELECT id FROM units WHERE id = $2 AND organisation_id = $1
         UNION
         SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
       )
       SELECT p.id, EXISTS (SELECT 1 FROM feedback_requests fr
                             WHERE fr.cycle_id = $3 AND fr.leader_id = p.id) AS enrolled
         FROM people p JOIN subtree s ON s.id = p.unit_id
        WHERE p.organisation_id = $1 AND 'leader' = ANY (p.roles)`,
      [organisationId, unitId, cycleId],
    );
    if (leaders.length > 0) {
      await this.enrol(organisationId, cycleId, {
        leaders: leaders.map((l) => ({ personId: l.id })),
      });
    } else {
      await this.dataSource.transaction((m) =>
        lockCycle(m, organisationId, cycleId, 'pessimistic_read'),
      );
    }
    return { leaders: leaders.length, added: leaders.filter((l) => !l.enrolled).length };
  }

  async enrol(organisationId: string, cycleId: string, dto: EnrolDto): Promise<EnrolledRequest[]> {
    const { requests, queued } = await this.dataSource.transaction(async (manager) => {
      const cycle = await lockCycle(manager, organisationId, cycleId, 'pessimistic_read');
      if (cycle.state !== 'draft' && cycle.state !== 'open') {
        throw new DomainError(
          'CYCLE_LOCKED',
          `The cycle is ${cycle.state}: leaders can no longer be enrolled.`,
        );
      }

      const leaderIds = dto.leaders.map((l) => l.personId);
      const repeated = leaderIds.find((id, i) => leaderIds.indexOf(id) !== i);
      if (repeated)
        throw new DomainError('VALIDATION_FAILED', `Leader ${repeated} is listed more than once.`);
      const ids = [
        ...new Set([...leaderIds, ...dto.leaders.flatMap((l) => (l.coachId ? [l.coachId] : []))]),
      ];
      const people = new Map(
        (await manager.getRepository(Person).findBy({ id: In(ids), organisationId })).map((p) => [
          p.id,
          p,
        ]),
      );
      const missing = ids.filter((id) => !people.has(id));
      if (missing.length > 0) throw DomainError.notFound(`Person ${missing.join(', ')}`);
      const problems: string[] = [];
      for (const { personId, coachId } of dto.leaders) {
        const leader = people.get(personId)!;
        if (!leader.roles.includes('leader'))
          problems.push(`${leader.name} (${leader.id}) does not have the leader role`);
        if (!coachId) continue;
        const coach = people.get(coachId)!;
        if (coachId === personId) problems.push(`${leader.name} cannot be their own coach`);
        else if (!coach.roles.includes('coach'))
          problems.push(`${coach.name} (${coach.id}) does not have the coach role`);
      }
      if (problems.length > 0) {
        throw new DomainError(
          'PARTICIPANT_ROLE_MISSING',
          `${problems.join('; ')}. Give people their roles first.`,
        );
      }

      const rows = await manager.query<
        { id: string; leader_id: string; coach_id: string | null }[]
      >(
        `INSERT INTO feedback_requests (organisation_id, cycle_id, leader_id, coach_id)
         SELECT $1, $2, t.leader_id, t.coach_id FROM unnest($3::uuid[], $4::uuid[]) AS t(leader_id, coach_id)
         ON CONFLICT (cycle_id, leader_id)
           DO UPDATE SET coach_id = COALESCE(EXCLUDED.coach_id, feedback_requests.coach_id)
         RETURNING id, leader_id, coach_id`,
        [organisationId, cycleId, leaderIds, dto.leaders.map((l) => l.coachId ?? null)],
      );
      const queuedCount =
        cycle.state === 'open' ? await this.events.invitationsDue(manager, cycleId) : 0;
      const byLeader = new Map(rows.map((r) => [r.leader_id, r]));
      return {
        requests: leaderIds.map((leaderId) => {
          const r = byLeader.get(leaderId)!;
          return { id: r.id, leaderId: r.leader_id, coachId: r.coach_id };
        }),
        queued: queuedCount,
      };
    });
    if (queued > 0) this.outbox.relaySoon();
    return requests;
  }
}
