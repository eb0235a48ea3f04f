import { CycleWorld, DAY, tag, inAWhile } from './support/cycle-world';
import type { TestApp } from './support/test-app';

const world = CycleWorld.create();
const { people } = world;
let t: TestApp;
beforeAll(() => {
  t = world.t;
});

describe('frameworks', () => {
  it('lists the seeded collective-leadership framework to every organisation', async () => {
    const { auth } = await t.factories.adminWorld();
    const list = await t.http().get('/api/v1/frameworks').set(auth).expect(200);
    const seeded = list.body.items.find((f: { key: string }) => f.key === 'collective-leadership');
    expect(seeded).toMatchObject({ version: 1, custom: false });

    const one = await t.http().get(`/api/v1/frameworks/${seeded.id}`).set(auth).expect(200);
    expect(one.body.scale).toEqual({
      min: 1,
      max: 5,
      labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'],
    });
    expect(one.body.dimensions.map((d: { key: string }) => d.key)).toEqual([
      'empowering',
      'shared_learning',
      'trust',
      'inclusion',
      'performance',
    ]);
    expect(one.body.dimensions[0].items[0]).toEqual({
      key: 'empowering_real_authority',
      text: 'Gives people real authority to make decisions about their work',
    });
    expect(one.body.questions.map((q: { key: string }) => q.key)).toEqual([
      'helps_most',
      'do_differently',
    ]);
  });

  const custom = (key: string) => ({
    key,
    name: 'Ward leadership',
    scale: { min: 1, max: 4, labels: ['Seldom', 'Sometimes', 'Usually', 'Always'] },
    dimensions: [
      {
        key: 'huddles',
        title: 'Safety huddles',
        items: [{ key: 'huddles_daily', text: 'Runs a huddle every shift' }],
      },
      {
        key: 'handover',
        title: 'Handover',
        items: [{ key: 'handover_clear', text: 'Hands over clearly' }],
      },
    ],
    questions: [{ key: 'anything_else', text: 'Anything else?' }],
  });

  it('creates a custom framework, a new version for the same key, visible only to its organisation', async () => {
    const { auth } = await t.factories.adminWorld();
    const key = `ward-${tag()}`;
    const first = await t.http().post('/api/v1/frameworks').set(auth).send(custom(key)).expect(201);
    expect(first.body).toMatchObject({ key, version: 1, custom: true, name: 'Ward leadership' });
    expect(first.body.dimensions[1]).toEqual({
      key: 'handover',
      title: 'Handover',
      items: [{ key: 'handover_clear', text: 'Hands over clearly' }],
    });
    const second = await t
      .http()
      .post('/api/v1/frameworks')
      .set(auth)
      .send(custom(key))
      .expect(201);
    expect(second.body.version).toBe(2);

    const other = await t.factories.adminWorld();
    await t.http().get(`/api/v1/frameworks/${first.body.id}`).set(other.auth).expect(404);
    const theirs = await t.http().get('/api/v1/frameworks').set(other.auth).expect(200);
    expect(theirs.body.items.map((f: { key: string }) => f.key)).not.toContain(key);
    await t
      .http()
      .post('/api/v1/cycles')
      .set(other.auth)
      .send({ name: 'X', closesAt: inAWhile(DAY), frameworkId: first.body.id })
      .expect(404);
  });

  it('refuses an invalid framework with 400 and messages that say what to fix', async () => {
    const { auth } = await t.factories.adminWorld();
    const base = custom(`bad-${tag()}`);
    const cases: [object, RegExp][] = [
      [{ ...base, dimensions: [base.dimensions[0]] }, /2 to 12 dimensions \(this one has 1\)/],
      [
        {
          ...base,
          dimensions: [base.dimensions[0], { key: 'empty', title: 'Empty', items: [] }],
        },
        /"empty" needs 1 to 15 items/,
      ],
      [{ ...base, scale: { min: 1, max: 2, labels: ['No', 'Yes'] } }, /3 to 10 points/],
      [
        { ...base, scale: { min: 1, max: 4, labels: ['a', 'b'] } },
        /one label for each of its 4 points/,
      ],
      [
        { ...base, questions: [{ key: 'handover_clear', text: 'Same key as an item' }] },
        /key "handover_clear" is used more than once/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await t.http().post('/api/v1/frameworks').set(auth).send(body).expect(400);
      expect(res.body.code).toBe('FRAMEWORK_INVALID');
      expect(res.body.message).toMatch(message);
    }
    const shape = await t
      .http()
      .post('/api/v1/frameworks')
      .set(auth)
      .send({ ...base, dimensions: 'none' })
      .expect(400);
    expect(JSON.stringify(shape.body.message)).toMatch(/dimensions must be an array/);
    const reserved = await t
      .http()
      .post('/api/v1/frameworks')
      .set(auth)
      .send(custom('collective-leadership'))
      .expect(400);
    expect(reserved.body.message).toMatch(/every organisation shares/);
  });

  it('lets only admins create frameworks', async () => {
    const w = await people();
    await t
      .http()
      .post('/api/v1/frameworks')
      .set(w.leaderAuth)
      .send(custom(`x-${tag()}`))
      .expect(403);
  });
});
