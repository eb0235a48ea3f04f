import { batchedLookup, batchedWrite } from '../src/database/batched-query';
import { TestApp } from './support/test-app';

/** The statements many concurrent requests share (auth, report reads, rater links). */
describe('batched statements', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives each call made in one tick the row of its own key, and undefined where there is none', async () => {
    const org = await t.factories.organisation();
    const other = await t.factories.organisation();
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await t.factories.person(org.id, { name: `P${i}` }));
    const statements: number[] = [];
    const lookup = batchedLookup<{ id: string; org: string }, { name: string }>(
      t.dataSource,
      'test-people',
      `SELECT k.i, p.name FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(id, org, i)
         JOIN people p ON p.id = k.id AND p.organisation_id = k.org`,
      (keys) => {
        statements.push(keys.length);
        return [keys.map((k) => k.id), keys.map((k) => k.org)];
      },
    );
    const keys = [
      ...people.map((p) => ({ id: p.id, org: org.id })),
      { id: people[2]!.id, org: other.id }, // right person, another organisation
      { id: '00000000-0000-4000-8000-000000000000', org: org.id }, // nobody
      { id: people[0]!.id, org: org.id }, // the same key twice
    ];
    const found = await Promise.all(keys.map((k) => lookup.call(k)));
    expect(found.map((row) => row?.name)).toEqual([
      'P0',
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
      undefined,
      undefined,
      'P0',
    ]);
    // The first call ran alone; the other eight waited for it and went as one statement.
    expect(statements).toEqual([1, 8]);
  });

  it('writes every call of a batch in one statement, and fails all of a batch together', async () => {
    const org = await t.factories.organisation();
    await t.dataSource.query(
      `CREATE TABLE test_batched_writes (org uuid NOT NULL, n int NOT NULL CHECK (n > 0))`,
    );
    const write = batchedWrite<number>(
      t.dataSource,
      'test-writes',
      `INSERT INTO test_batched_writes (org, n) SELECT $1::uuid, n FROM unnest($2::int[]) AS n`,
      (ns) => [org.id, ns],
    );
    await Promise.all([1, 2, 3, 4].map((n) => write.call(n)));
    const rows = await t.dataSource.query(`SELECT n FROM test_batched_writes ORDER BY n`);
    expect(rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);

    // 5 runs alone; 6, -1 and 7 share a statement that the CHECK refuses: none of them is kept.
    const results = await Promise.allSettled([5, 6, -1, 7].map((n) => write.call(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    const after = await t.dataSource.query(`SELECT n FROM test_batched_writes ORDER BY n`);
    expect(after.map((r: { n: number }) => r.n)).toEqual([1, 2, 3, 4, 5]);
  });
});
