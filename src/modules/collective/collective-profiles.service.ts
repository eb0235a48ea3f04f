import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import type { GroupBatcher } from '../../common/group-batcher';
import { batchedLookup, batchedWrite } from '../../database/batched-query';
import { queryPrepared } from '../../database/prepared-query';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import type { CycleState } from '../cycles/cycle.entity';
import type { ProfileFormat } from './collective-profile-view.entity';
import { CoachGrantsService } from './coach-grants.service';
import { coachView, type CollectiveProfile } from './compute-collective-profile';
import { buildProfileDocument, type ProfileDocument } from './profile-document';
import { fromStored, type StoredProfile } from './stored-profile';

export interface ProfileQuery {
  unitId?: string;
  compareTo?: string;
}

interface CycleRow {
  id: string;
  name: string;
  state: CycleState;
  closesAt: Date;
  hasProfile: boolean;
}

interface ProfileView {
  organisationId: string;
  personId: string;
  cycleId: string;
  unitId: string | null;
  compareTo: string | null;
  format: ProfileFormat;
}

/** Parsed profiles kept in memory (a profile never changes once stored); at most this many. */
const PROFILE_CACHE_SIZE = 64;
/** Admins' serialised documents kept in memory, at most this many bytes in all. */
const JSON_CACHE_BYTES = 16_000_000;

/**
 * Who may read a cycle's collective profile, and what they see: admins the stored profile, every
 * row; a coach the rows of the units granted to them and their subtrees, further suppressed for
 * their coachees in that cycle (anonymity rule 6, docs/anonymity.md); anyone else 403; another organisation's cycle 404;
 * before close 409. Served from the stored profile only; every read is audited.
 */
@Injectable()
export class CollectiveProfilesService {
  private readonly profiles = new Map<string, CollectiveProfile>();
  private readonly json = new Map<string, Buffer>();
  private jsonBytes = 0;
  private readonly cycles: GroupBatcher<{ cycleId: string; org: string }, CycleRow | undefined>;
  private readonly views: GroupBatcher<ProfileView, null>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: CoachGrantsService,
  ) {
    this.cycles = batchedLookup(
      dataSource,
      'profile-cycle',
      `SELECT k.i, c.id, c.name, c.state, c.closes_at AS "closesAt",
              EXISTS (SELECT 1 FROM collective_profiles p WHERE p.cycle_id = c.id) AS "hasProfile"
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(cycle_id, org, i)
         JOIN cycles c ON c.id = k.cycle_id AND c.organisation_id = k.org`,
      (keys) => [keys.map((k) => k.cycleId), keys.map((k) => k.org)],
    );
    // A read is answered only once its audit row is committed; concurrent reads, in one commit.
    this.views = batchedWrite(
      dataSource,
      'profile-views',
      `INSERT INTO collective_profile_views
         (organisation_id, person_id, cycle_id, unit_id, compare_to, format)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[])`,
      (views) => [
        views.map((v) => v.organisationId),
        views.map((v) => v.personId),
        views.map((v) => v.cycleId),
        views.map((v) => v.unitId),
        views.map((v) => v.compareTo),
        views.map((v) => v.format),
      ],
    );
  }

  /** The profile document the reader may see (the API's JSON). */
  async read(
    person: CurrentPersonInfo,
    cycleId: string,
    query: ProfileQuery,
    format: ProfileFormat,
  ): Promise<ProfileDocument> {
    const { document } = await this.open(person, cycleId, query, format, false);
    return document!;
  }

  /** The same as JSON bytes; an admin's are kept serialised (the profile never changes). */
  async readJson(person: CurrentPersonInfo, cycleId: string, query: ProfileQuery): Promise<Buffer> {
    const { document, cacheKey } = await this.open(person, cycleId, query, 'json', true);
    const cached = cacheKey ? this.json.get(cacheKey) : undefined;
    if (cached) return cached;
    const json = Buffer.from(JSON.stringify(document));
    if (cacheKey) this.remember(cacheKey, json);
    return json;
  }

  private async open(
    person: CurrentPersonInfo,
    cycleId: string,
    query: ProfileQuery,
    format: ProfileFormat,
    cacheable: boolean,
  ): Promise<{ document?: ProfileDocument; cacheKey?: string }> {
    const org = person.organisationId;
    const cycle = await this.cycles.call({ cycleId, org });
    if (!cycle) throw DomainError.notFound('Cycle');
    const isAdmin = person.roles.includes('admin');
    const granted =
      !isAdmin && person.roles.includes('coach')
        ? await this.grants.unitsGrantedTo(org, person.id)
        : new Set<string>();
    if (!isAdmin && granted.size === 0) {
      throw new DomainError(
        'FORBIDDEN',
        'Only admins, and coaches for the units granted to them, may read collective profiles',
      );
    }
    this.assertReadable(cycle);

    let compared: CycleRow | undefined;
    if (query.compareTo !== undefined) {
      compared = await this.cycles.call({ cycleId: query.compareTo, org });
      if (!compared) throw DomainError.notFound('Cycle to compare with');
      if (compared.id === cycle.id || compared.closesAt >= cycle.closesAt) {
        throw new DomainError(
          'COMPARE_TO_INVALID',
          'compareTo must be an earlier cycle than this one (closing before it)',
        );
      }
      this.assertReadable(compared);
    }

    const viewOf = async (c: CycleRow): Promise<CollectiveProfile> => {
      const profile = await this.profile(c.id);
      return isAdmin ? profile : coachView(profile, granted, await this.coachees(c.id, person.id));
    };
    const profile = await viewOf(cycle);
    const unitId = query.unitId ?? null;
    if (unitId !== null && !profile.rows.some((row) => row.unitId === unitId)) {
      if (isAdmin) throw DomainError.notFound('Unit');
      throw new DomainError(
        'FORBIDDEN',
        'You may read the collective profile only of the units granted to you and the units below them',
      );
    }

    await this.views.call({
      organisationId: org,
      personId: person.id,
      cycleId,
      unitId,
      compareTo: compared?.id ?? null,
      format,
    });
    const cacheKey =
      isAdmin && cacheable ? `${cycle.id}:${compared?.id ?? ''}:${unitId ?? ''}` : undefined;
    if (cacheKey && this.json.has(cacheKey)) return { cacheKey };
    return {
      cacheKey,
      document: buildProfileDocument({
        cycle,
        profile,
        compareTo: compared ? { cycle: compared, profile: await viewOf(compared) } : null,
        unitId,
      }),
    };
  }

  /** The scale of the cycle's framework, and the earlier closed cycles to compare it with. */
  async pageFacts(
    organisationId: string,
    cycleId: string,
  ): Promise<{
    scale: { min: number; max: number; labels: string[] };
    comparable: { id: string; name: string }[];
  }> {
    const [cycle] = await this.dataSource.query<
      { scale: { min: number; max: number; labels: string[] }; closesAt: Date }[]
    >(
      `SELECT f.scale, c.closes_at AS "closesAt" FROM cycles c
         JOIN frameworks f ON f.id = c.framework_id
        WHERE c.id = $1 AND c.organisation_id = $2`,
      [cycleId, organisationId],
    );
    if (!cycle) throw DomainError.notFound('Cycle');
    const comparable = await this.dataSource.query<{ id: string; name: string }[]>(
      `SELECT c.id, c.name FROM cycles c
        WHERE c.organisation_id = $1 AND c.closes_at < $2 AND c.state IN ('closed', 'released')
          AND EXISTS (SELECT 1 FROM collective_profiles p WHERE p.cycle_id = c.id)
        ORDER BY c.closes_at DESC LIMIT 50`,
      [organisationId, cycle.closesAt],
    );
    return { scale: cycle.scale, comparable };
  }

  private assertReadable(cycle: CycleRow): void {
    if (cycle.state === 'draft' || cycle.state === 'open') {
      throw new DomainError(
        'PROFILE_NOT_AVAILABLE',
        `The cycle "${cycle.name}" is ${cycle.state}: its collective profile exists only once it is closed`,
      );
    }
    if (!cycle.hasProfile) {
      throw new DomainError(
        'PROFILE_BEING_PREPARED',
        `The collective profile of "${cycle.name}" is being prepared: try again in a minute`,
      );
    }
  }

  private async profile(cycleId: string): Promise<CollectiveProfile> {
    const cached = this.profiles.get(cycleId);
    if (cached) return cached;
    const [row] = await queryPrepared<{ body: StoredProfile }>(
      this.dataSource,
      'profile-body',
      `SELECT body FROM collective_profiles WHERE cycle_id = $1`,
      [cycleId],
    );
    if (!row) throw DomainError.notFound('Collective profile');
    const profile = fromStored(row.body);
    if (this.profiles.size >= PROFILE_CACHE_SIZE) {
      this.profiles.delete(this.profiles.keys().next().value!);
    }
    this.profiles.set(cycleId, profile);
    return profile;
  }

  /** The leaders this coach coaches in the cycle (their figures are known to the coach). */
  private async coachees(cycleId: string, coachId: string): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ leaderId: string }[]>(
      `SELECT leader_id AS "leaderId" FROM feedback_requests WHERE cycle_id = $1 AND coach_id = $2`,
      [cycleId, coachId],
    );
    return new Set(rows.map((r) => r.leaderId));
  }

  private remember(key: string, json: Buffer): void {
    this.json.set(key, json);
    this.jsonBytes += json.length;
    for (const [old, bytes] of this.json) {
      if (this.jsonBytes <= JSON_CACHE_BYTES) break;
      this.json.delete(old);
      this.jsonBytes -= bytes.length;
    }
  }
}
