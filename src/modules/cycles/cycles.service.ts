import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { Page, PageQuery } from '../../common/pagination';
import { FrameworksService } from '../frameworks/frameworks.service';
import { OutboxService } from '../outbox/outbox.service';
import { Cycle } from './cycle.entity';
import { CycleScheduler } from './cycle-scheduler';
import { CycleSetting, settingProblem } from './cycle-state';
import { CreateCycleDto, CycleProgress, CycleView, UpdateCycleDto } from './dto/cycle.dto';
import { lockCycle } from './lock-cycle';

/** Cycles as records: create, read, list, change settings. Transitions live in CycleLifecycleService. */
@Injectable()
export class CyclesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly frameworks: FrameworksService,
    private readonly scheduler: CycleScheduler,
    private readonly outbox: OutboxService,
  ) {}

  async create(organisationId: string, dto: CreateCycleDto): Promise<CycleView> {
    const closesAt = futureCloseDate(dto.closesAt);
    const opensAt = dto.opensAt ? new Date(dto.opensAt) : null;
    assertOpensBeforeCloses(opensAt, closesAt);
    const framework = dto.frameworkId
      ? await this.frameworks.findVisible(organisationId, dto.frameworkId)
      : await this.frameworks.defaultFramework();
    const cycle = await this.dataSource.getRepository(Cycle).save({
      organisationId,
      frameworkId: framework.id,
      name: dto.name,
      state: 'draft',
      opensAt,
      closesAt,
      anonymityThreshold: dto.anonymityThreshold ?? 3,
      managerDisclosed: dto.managerDisclosed ?? false,
      reminderDaysBeforeClose: dto.reminderDaysBeforeClose ?? [7, 2],
    });
    return this.get(organisationId, cycle.id);
  }

  async get(organisationId: string, id: string): Promise<CycleView> {
    const cycle = await this.dataSource.getRepository(Cycle).findOneBy({ id, organisationId });
    if (!cycle) throw DomainError.notFound('Cycle');
    const progress = await this.progress([cycle.id]);
    return toCycleView(cycle, progress.get(cycle.id));
  }

  async list(organisationId: string, page: PageQuery): Promise<Page<CycleView>> {
    const [cycles, total] = await this.dataSource.getRepository(Cycle).findAndCount({
      where: { organisationId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const progress = await this.progress(cycles.map((c) => c.id));
    return { items: cycles.map((c) => toCycleView(c, progress.get(c.id))), total };
  }

  /**
   * Only fields that actually change are checked against the state: the name any time,
   * closesAt and reminders until close (an open cycle is rescheduled), the rest while a draft.
   */
  async update(organisationId: string, id: string, dto: UpdateCycleDto): Promise<CycleView> {
    const { before, after } = await this.dataSource.transaction(async (manager) => {
      const cycle = await lockCycle(manager, organisationId, id, 'pessimistic_write');
      const previous = {
        id: cycle.id,
        closesAt: cycle.closesAt,
        reminderDaysBeforeClose: cycle.reminderDaysBeforeClose,
      };

      const changes: Partial<Cycle> = {};
      if (dto.name !== undefined && dto.name !== cycle.name) changes.name = dto.name;
      if (
        dto.closesAt !== undefined &&
        new Date(dto.closesAt).getTime() !== cycle.closesAt.getTime()
      ) {
        changes.closesAt = futureCloseDate(dto.closesAt);
      }
      if (
        dto.reminderDaysBeforeClose !== undefined &&
        !sameNumbers(dto.reminderDaysBeforeClose, cycle.reminderDaysBeforeClose)
      ) {
        changes.reminderDaysBeforeClose = dto.reminderDaysBeforeClose;
      }
      if (
        dto.opensAt !== undefined &&
        new Date(dto.opensAt).getTime() !== cycle.opensAt?.getTime()
      ) {
        changes.opensAt = new Date(dto.opensAt);
      }
      if (
        dto.anonymityThreshold !== undefined &&
        dto.anonymityThreshold !== cycle.anonymityThreshold
      ) {
        changes.anonymityThreshold = dto.anonymityThreshold;
      }
      if (dto.managerDisclosed !== undefined && dto.managerDisclosed !== cycle.managerDisclosed) {
        changes.managerDisclosed = dto.managerDisclosed;
      }
      if (dto.frameworkId !== undefined && dto.frameworkId !== cycle.frameworkId) {
        changes.frameworkId = (
          await this.frameworks.findVisible(organisationId, dto.frameworkId)
        ).id;
      }

      const problems = (Object.keys(changes) as CycleSetting[])
        .map((setting) => settingProblem(cycle.state, setting))
        .filter((p): p is string => p !== null);
      if (problems.length > 0)
        throw new DomainError('CYCLE_LOCKED', `Not changed: ${problems.join('; ')}.`);
      assertOpensBeforeCloses(changes.opensAt ?? cycle.opensAt, changes.closesAt ?? cycle.closesAt);
      if (Object.keys(changes).length === 0) return { before: previous, after: null };

      await manager.getRepository(Cycle).update({ id: cycle.id }, changes);
      const next = { ...previous, ...pick(changes) };
      const rescheduled =
        cycle.state === 'open' && (changes.closesAt || changes.reminderDaysBeforeClose);
      if (!rescheduled) return { before: previous, after: null };
      await this.scheduler.write(manager, next);
      return { before: previous, after: next };
    });
    if (after) {
      this.outbox.relaySoon();
      await this.scheduler.unschedule(before, after);
    }
    return this.get(organisationId, id);
  }

  /** Counts per cycle: requests, nominations (self included), completed, declined. */
  async progress(cycleIds: string[]): Promise<Map<string, CycleProgress>> {
    const result = new Map<string, CycleProgress>();
    if (cycleIds.length === 0) return result;
    for (const id of cycleIds)
      result.set(id, { requests: 0, invited: 0, completed: 0, declined: 0 });
    const requests = await this.dataSource.query<{ cycle_id: string; n: number }[]>(
      `SELECT cycle_id, count(*)::int AS n FROM feedback_requests WHERE cycle_id = ANY ($1) GROUP BY cycle_id`,
      [cycleIds],
    );
    for (const r of requests) result.get(r.cycle_id)!.requests = r.n;
    const nominations = await this.dataSource.query<
      { cycle_id: string; invited: number; completed: number; declined: number }[]
    >(
      `SELECT cycle_id, count(*)::int AS invited,
              count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE status = 'declined')::int AS declined
         FROM nominations WHERE cycle_id = ANY ($1) GROUP BY cycle_id`,
      [cycleIds],
    );
    for (const n of nominations) {
      Object.assign(result.get(n.cycle_id)!, {
        invited: n.invited,
        completed: n.completed,
        declined: n.declined,
      });
    }
    return result;
  }
}

export function toCycleView(c: Cycle, progress?: CycleProgress): CycleView {
  return {
    id: c.id,
    name: c.name,
    state: c.state,
    frameworkId: c.frameworkId,
    opensAt: c.opensAt?.toISOString() ?? null,
    closesAt: c.closesAt.toISOString(),
    anonymityThreshold: c.anonymityThreshold,
    managerDisclosed: c.managerDisclosed,
    reminderDaysBeforeClose: c.reminderDaysBeforeClose,
    reportsReady: c.reportsReady,
    openedAt: c.openedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    releasedAt: c.releasedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    progress: progress ?? { requests: 0, invited: 0, completed: 0, declined: 0 },
  };
}

/** closesAt must lie ahead: a cycle that closes in the past could take no answers. */
export function futureCloseDate(iso: string): Date {
  const closesAt = new Date(iso);
  if (closesAt.getTime() <= Date.now()) {
    throw new DomainError(
      'CLOSES_AT_IN_PAST',
      `closesAt (${iso}) is in the past: choose a time still to come.`,
    );
  }
  return closesAt;
}

function assertOpensBeforeCloses(opensAt: Date | null, closesAt: Date): void {
  if (opensAt && opensAt.getTime() >= closesAt.getTime()) {
    throw new DomainError('VALIDATION_FAILED', 'opensAt must be before closesAt.');
  }
}

function sameNumbers(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function pick(
  changes: Partial<Cycle>,
): Partial<Pick<Cycle, 'closesAt' | 'reminderDaysBeforeClose'>> {
  const picked: Partial<Pick<Cycle, 'closesAt' | 'reminderDaysBeforeClose'>> = {};
  if (changes.closesAt) picked.closesAt = changes.closesAt;
  if (changes.reminderDaysBeforeClose)
    picked.reminderDaysBeforeClose = changes.reminderDaysBeforeClose;
  return picked;
}
