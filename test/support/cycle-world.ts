import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Person } from '../../src/modules/organisations/person.entity';
import { raterToken } from './rater-link';
import { settle } from './settle';
import type { CapturedMail } from './smtp-capture';
import { TestApp } from './test-app';
import { waitFor } from './wait-for';

export type Auth = { Authorization: string };

export interface OpenedCycle {
  cycleId: string;
  requestId: string;
  leader: Person;
  coach: Person;
  auth: Auth;
  leaderAuth: Auth;
  coachAuth: Auth;
  raters: { id: string; email: string; relationship: string }[];
}

export const DAY = 24 * 3600 * 1000;
export const tag = () => randomBytes(3).toString('hex');
export const inAWhile = (ms: number) => new Date(Date.now() + ms).toISOString();
/** Everything a message carries: headers, text and HTML. */
export const wholeMessage = (m: CapturedMail) =>
  JSON.stringify(m.parsed.headerLines) + m.text + m.html;

/**
 * The set-up the cycle specs share: one app (with its worker) per spec file, an admin, a leader
 * and a coach per test, draft cycles with raters, and every rater address and link token the
 * file sees, for the check that none of them is left in Redis.
 */
export class CycleWorld {
  t!: TestApp;
  readonly seenEmails = new Set<string>();
  readonly seenTokens = new Set<string>();

  /** Registers the app's start and stop with the spec file that calls it. */
  static create(): CycleWorld {
    const world = new CycleWorld();
    beforeAll(async () => {
      world.t = await TestApp.create();
    });
    afterAll(async () => {
      await world.t.close();
    });
    return world;
  }

  bearer = async (p: Person): Promise<Auth> => ({
    Authorization: `Bearer ${await this.t.factories.tokenFor(p)}`,
  });

  people = async () => {
    const { org, admin, auth } = await this.t.factories.adminWorld();
    const leader = await this.t.factories.person(org.id, {
      roles: ['leader'],
      name: `Lee Leader ${tag()}`,
    });
    const coach = await this.t.factories.person(org.id, {
      roles: ['coach'],
      name: `Cora Coach ${tag()}`,
    });
    return {
      org,
      admin,
      auth,
      leader,
      coach,
      leaderAuth: await this.bearer(leader),
      coachAuth: await this.bearer(coach),
    };
  };

  createCycle = async (auth: Auth, body: Record<string, unknown> = {}): Promise<string> => {
    const res = await this.t
      .http()
      .post('/api/v1/cycles')
      .set(auth)
      .send({ name: `Cycle ${tag()}`, closesAt: inAWhile(30 * DAY), ...body })
      .expect(201);
    return res.body.id as string;
  };

  /** A draft cycle with one leader (and coach) and `count` raters nominated by the leader. */
  draftWithRaters = async (
    count: number,
    options: { cycle?: Record<string, unknown>; emails?: string[] } = {},
  ): Promise<OpenedCycle> => {
    const w = await this.people();
    const cycleId = await this.createCycle(w.auth, options.cycle);
    const enrolled = await this.t
      .http()
      .post(`/api/v1/cycles/${cycleId}/participants`)
      .set(w.auth)
      .send({ leaders: [{ personId: w.leader.id, coachId: w.coach.id }] })
      .expect(201);
    const requestId = enrolled.body.requests[0].id as string;
    const relationships = ['manager', 'peer', 'direct_report', 'other'];
    const raters = Array.from({ length: count }, (_, i) => ({
      email: options.emails?.[i] ?? `rater.${tag()}.${i}@example.nhs.uk`,
      name: `Rater ${i}`,
      relationship: relationships[i % relationships.length],
    }));
    const nominated = await this.t
      .http()
      .post(`/api/v1/feedback-requests/${requestId}/nominations`)
      .set(w.leaderAuth)
      .send({ raters })
      .expect(201);
    for (const r of raters) this.seenEmails.add(r.email);
    this.seenEmails.add(w.leader.email);
    return { cycleId, requestId, ...w, raters: nominated.body.nominations };
  };

  open = async (c: OpenedCycle): Promise<void> => {
    await this.t.http().post(`/api/v1/cycles/${c.cycleId}/open`).set(c.auth).expect(200);
  };

  nominationRows = async (cycleId: string) =>
    this.t.dataSource.query<
      {
        id: string;
        email: string;
        relationship: string;
        token_hash: string | null;
        delivery_status: string;
      }[]
    >(
      `SELECT id, email, relationship, encode(token_hash, 'hex') AS token_hash, delivery_status
         FROM nominations WHERE cycle_id = $1 ORDER BY email`,
      [cycleId],
    );

  remember = (mail: CapturedMail): string => {
    const token = raterToken(mail);
    this.seenTokens.add(token);
    return token;
  };

  /** Waits for the n-th email to an address and returns it. */
  waitForNth = async (address: string, n: number): Promise<CapturedMail> => {
    await waitFor(() => this.t.smtp.to(address).length >= n, { what: `email ${n} to ${address}` });
    return this.t.smtp.to(address)[n - 1]!;
  };

  /**
   * The check a spec file that sends rater emails ends with: no rater address or link token it
   * saw (at least `atLeast` of each) is anywhere in Redis, keys or values.
   */
  expectNoRaterEmailOrTokenInRedis = async (atLeast: number): Promise<void> => {
    const t = this.t;
    await settle(t);
    for (const m of t.smtp.messages) {
      const match = /http:\/\/c360\.test\/r\/([A-Za-z0-9_-]{43})/.exec(m.text);
      if (match?.[1]) this.seenTokens.add(match[1]);
    }
    expect(this.seenEmails.size).toBeGreaterThanOrEqual(atLeast);
    expect(this.seenTokens.size).toBeGreaterThanOrEqual(atLeast);

    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    const dump: string[] = [];
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.redisPrefix}:*`, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          dump.push(key);
          const type = await redis.type(key);
          if (type === 'string') dump.push((await redis.get(key)) ?? '');
          else if (type === 'hash') dump.push(JSON.stringify(await redis.hgetall(key)));
          else if (type === 'list') dump.push(JSON.stringify(await redis.lrange(key, 0, -1)));
          else if (type === 'set') dump.push(JSON.stringify(await redis.smembers(key)));
          else if (type === 'zset') dump.push(JSON.stringify(await redis.zrange(key, 0, -1)));
          else if (type === 'stream') dump.push(JSON.stringify(await redis.xrange(key, '-', '+')));
        }
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    const everything = dump.join('\n');
    expect(everything).toContain('invite-'); // the scan did see the jobs
    for (const email of this.seenEmails) expect(everything).not.toContain(email);
    for (const token of this.seenTokens) expect(everything).not.toContain(token);
  };
}
