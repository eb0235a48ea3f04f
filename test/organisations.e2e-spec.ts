import { TestApp } from './support/test-app';

type Auth = { Authorization: string };

const HEADER = 'email,name,unit,roles,manager_email';

describe('organisation set-up', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (table: 'people' | 'units', organisationId: string): Promise<number> => {
    const rows = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE organisation_id = $1`,
      [organisationId],
    );
    return rows[0].n;
  };
  const importCsv = (auth: Auth, csv: string) =>
    t.http().post('/api/v1/people/import').set(auth).set('Content-Type', 'text/csv').send(csv);

  describe('who may act', () => {
    it('answers 401 without a token and 403 to someone who is not an admin', async () => {
      const { org } = await t.factories.adminWorld();
      const leader = await t.factories.person(org.id, { roles: ['leader', 'coach'] });
      const asLeader = { Authorization: `Bearer ${await t.factories.tokenFor(leader)}` };

      await t.http().get('/api/v1/people').expect(401);
      await t.http().post('/api/v1/units').send({ name: 'Wards' }).expect(401);
      await t
        .http()
        .post('/api/v1/people/import')
        .set('Content-Type', 'text/csv')
        .send(`${HEADER}\n`)
        .expect(401);

      const forbidden = await t.http().get('/api/v1/people').set(asLeader).expect(403);
      expect(forbidden.body).toMatchObject({
        code: 'FORBIDDEN',
        message: 'This needs one of the roles: admin',
      });
      await t.http().get('/api/v1/units').set(asLeader).expect(403);
      await t.http().post('/api/v1/units').set(asLeader).send({ name: 'Wards' }).expect(403);
      await t
        .http()
        .post('/api/v1/people')
        .set(asLeader)
        .send({ email: 'x@example.nhs.uk', name: 'X' })
        .expect(403);
      await t.http().get(`/api/v1/people/${leader.id}`).set(asLeader).expect(403);
      await t
        .http()
        .patch(`/api/v1/people/${leader.id}`)
        .set(asLeader)
        .send({ roles: ['admin'] })
        .expect(403);
      await importCsv(asLeader, `${HEADER}\n`).expect(403);
      expect(await count('units', org.id)).toBe(0);
    });

    it('shows an admin nothing of another organisation', async () => {
      const a = await t.factories.adminWorld();
      const b = await t.factories.adminWorld();
      const unitOfA = await t.factories.unit(a.org.id);
      const personOfA = await t.factories.person(a.org.id, {
        name: 'Alice of A',
        unitId: unitOfA.id,
      });
      const personOfB = await t.factories.person(b.org.id, { name: 'Bob of B' });

      const list = await t.http().get('/api/v1/people').set(b.auth).expect(200);
      expect(list.body.total).toBe(2);
      expect(list.body.items.map((p: { id: string }) => p.id).sort()).toEqual(
        [b.admin.id, personOfB.id].sort(),
      );
      const filtered = await t
        .http()
        .get('/api/v1/people')
        .query({ unitId: unitOfA.id })
        .set(b.auth)
        .expect(200);
      expect(filtered.body).toEqual({ items: [], total: 0 });
      const units = await t.http().get('/api/v1/units').set(b.auth).expect(200);
      expect(units.body).toEqual({ items: [], total: 0 });

      const notFound = await t.http().get(`/api/v1/people/${personOfA.id}`).set(b.auth).expect(404);
      expect(notFound.body).toMatchObject({
        code: 'NOT_FOUND',
        message: `Person ${personOfA.id} not found in your organisation`,
      });
      await t
        .http()
        .patch(`/api/v1/people/${personOfA.id}`)
        .set(b.auth)
        .send({ name: 'Taken over' })
        .expect(404);
      await t
        .http()
        .patch(`/api/v1/people/${personOfB.id}`)
        .set(b.auth)
        .send({ managerId: personOfA.id })
        .expect(404);

      const withUnit = await t
        .http()
        .post('/api/v1/people')
        .set(b.auth)
        .send({ email: 'new@example.nhs.uk', name: 'New', unitId: unitOfA.id })
        .expect(404);
      expect(withUnit.body.message).toBe(
        `Unit ${unitOfA.id} not found in your organisation: use the id of one of your units`,
      );
      await t
        .http()
        .post('/api/v1/people')
        .set(b.auth)
        .send({ email: 'new@example.nhs.uk', name: 'New', managerId: personOfA.id })
        .expect(404);
      await t
        .http()
        .post('/api/v1/units')
        .set(b.auth)
        .send({ name: 'Child', parentId: unitOfA.id })
        .expect(404);
      expect(await count('people', b.org.id)).toBe(2);
      expect(await count('units', b.org.id)).toBe(0);
      expect(
        (await t.http().get(`/api/v1/people/${personOfA.id}`).set(a.auth).expect(200)).body.name,
      ).toBe('Alice of A');
    });
  });

  describe('units', () => {
    it('creates top-level and child units and lists them by name with the total', async () => {
      const { org, auth } = await t.factories.adminWorld();
      const wards = await t
        .http()
        .post('/api/v1/units')
        .set(auth)
        .send({ name: '  Wards ' })
        .expect(201);
      expect(wards.body).toEqual({ id: expect.any(String), name: 'Wards', parentId: null });
      const icu = await t
        .http()
        .post('/api/v1/units')
        .set(auth)
        .send({ name: 'ICU', parentId: wards.body.id })
        .expect(201);
      expect(icu.body).toEqual({ id: expect.any(String), name: 'ICU', parentId: wards.body.id });
      await t.http().post('/api/v1/units').set(auth).send({ name: 'archive' }).expect(201);

      const page1 = await t.http().get('/api/v1/units').query({ limit: 2 }).set(auth).expect(200);
      expect(page1.body.total).toBe(3);
      expect(page1.body.items.map((u: { name: string }) => u.name)).toEqual(['archive', 'ICU']);
      const page2 = await t
        .http()
        .get('/api/v1/units')
        .query({ limit: 2, page: 2 })
        .set(auth)
        .expect(200);
      expect(page2.body).toEqual({
        total: 3,
        items: [{ id: wards.body.id, name: 'Wards', parentId: null }],
      });
      expect(await count('units', org.id)).toBe(3);
    });

    it('refuses a parent that does not exist and a name already used, in any case', async () => {
      const { auth } = await t.factories.adminWorld();
      const missing = '6f1c1b2e-8a8f-4d7c-9a4e-0b8e5f1d2c3a';
      const res = await t
        .http()
        .post('/api/v1/units')
        .set(auth)
        .send({ name: 'ICU', parentId: missing })
        .expect(404);
      expect(res.body.message).toBe(
        `Parent unit ${missing} not found in your organisation: use the id of one of your units`,
      );
      const bad = await t
        .http()
        .post('/api/v1/units')
        .set(auth)
        .send({ name: 'ICU', parentId: 'ward-7' })
        .expect(400);
      expect(JSON.stringify(bad.body.message)).toMatch(
        /parentId must be the id \(a UUID\) of one of your units/,
      );
      await t.http().post('/api/v1/units').set(auth).send({ name: '' }).expect(400);

      await t.http().post('/api/v1/units').set(auth).send({ name: 'Maternity' }).expect(201);
      const dup = await t
        .http()
        .post('/api/v1/units')
        .set(auth)
        .send({ name: 'MATERNITY' })
        .expect(409);
      expect(dup.body).toMatchObject({
        code: 'UNIT_NAME_TAKEN',
        message: 'Your organisation already has a unit named "MATERNITY": choose another name',
      });
    });
  });

  describe('people', () => {
    it('creates a person with their email in lower case and refuses the same email again, in any case', async () => {
      const { org, auth } = await t.factories.adminWorld();
      const unit = await t.factories.unit(org.id);
      const manager = await t.factories.person(org.id);
      const res = await t
        .http()
        .post('/api/v1/people')
        .set(auth)
        .send({
          email: ' Priya.Shah@Example.NHS.uk ',
          name: 'Priya Shah',
          unitId: unit.id,
          roles: ['leader', 'coach', 'leader'],
          managerId: manager.id,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        email: 'priya.shah@example.nhs.uk',
        name: 'Priya Shah',
        unitId: unit.id,
        roles: ['coach', 'leader'],
        managerId: manager.id,
      });
      const got = await t.http().get(`/api/v1/people/${res.body.id}`).set(auth).expect(200);
      expect(got.body).toEqual(res.body);

      for (const email of ['priya.shah@example.nhs.uk', 'PRIYA.SHAH@example.nhs.uk']) {
        const dup = await t
          .http()
          .post('/api/v1/people')
          .set(auth)
          .send({ email, name: 'Again' })
          .expect(409);
        expect(dup.body).toMatchObject({
          statusCode: 409,
          code: 'EMAIL_TAKEN',
          message: 'Someone in your organisation already has the email priya.shah@example.nhs.uk',
        });
      }
      expect(await count('people', org.id)).toBe(3);
    });

    it('refuses an unknown role, a bad email and a missing name with messages a person can act on', async () => {
      const { auth } = await t.factories.adminWorld();
      const role = await t
        .http()
        .post('/api/v1/people')
        .set(auth)
        .send({ email: 'a@example.nhs.uk', name: 'A', roles: ['boss'] })
        .expect(400);
      expect(role.body.message).toContain('each role must be one of admin, coach, leader');
      const email = await t
        .http()
        .post('/api/v1/people')
        .set(auth)
        .send({ email: 'nope', name: 'A' })
        .expect(400);
      expect(email.body.message).toContain(
        'email must be an email address, such as name@example.nhs.uk',
      );
      const name = await t
        .http()
        .post('/api/v1/people')
        .set(auth)
        .send({ email: 'a@example.nhs.uk', name: '  ' })
        .expect(400);
      expect(name.body.message).toContain('name must not be empty');
      await t.http().get('/api/v1/people/not-a-uuid').set(auth).expect(400);
    });

    it('changes name, unit, roles and manager, and refuses a manager loop', async () => {
      const { org, admin, auth } = await t.factories.adminWorld();
      const unit = await t.factories.unit(org.id);
      const boss = await t.factories.person(org.id, { name: 'Boss' });
      const middle = await t.factories.person(org.id, { name: 'Middle', managerId: boss.id });
      const junior = await t.factories.person(org.id, { name: 'Junior', managerId: middle.id });

      const res = await t
        .http()
        .patch(`/api/v1/people/${junior.id}`)
        .set(auth)
        .send({ name: 'Junior Doctor', unitId: unit.id, roles: ['leader'], managerId: boss.id })
        .expect(200);
      expect(res.body).toMatchObject({
        name: 'Junior Doctor',
        unitId: unit.id,
        roles: ['leader'],
        managerId: boss.id,
      });
      const cleared = await t
        .http()
        .patch(`/api/v1/people/${junior.id}`)
        .set(auth)
        .send({ unitId: null })
        .expect(200);
      expect(cleared.body).toMatchObject({
        name: 'Junior Doctor',
        unitId: null,
        managerId: boss.id,
      });

      const self = await t
        .http()
        .patch(`/api/v1/people/${boss.id}`)
        .set(auth)
        .send({ managerId: boss.id })
        .expect(400);
      expect(self.body.message).toBe('A person cannot be their own manager: choose someone else');
      const loop = await t
        .http()
        .patch(`/api/v1/people/${boss.id}`)
        .set(auth)
        .send({ managerId: middle.id })
        .expect(409);
      expect(loop.body).toMatchObject({
        code: 'MANAGER_LOOP',
        message:
          'Middle already reports, directly or through others, to Boss: choose a manager outside that line',
      });
      const ownRole = await t
        .http()
        .patch(`/api/v1/people/${admin.id}`)
        .set(auth)
        .send({ roles: ['coach'] })
        .expect(409);
      expect(ownRole.body.message).toBe(
        'You cannot take away your own admin role: ask another admin to do it',
      );

      const rows = await t.dataSource.query(`SELECT manager_id FROM people WHERE id = $1`, [
        boss.id,
      ]);
      expect(rows[0].manager_id).toBeNull();
    });

    it('searches names and emails in any case, takes % and _ literally, and pages with the right total', async () => {
      const { org, auth } = await t.factories.adminWorld();
      const unit = await t.factories.unit(org.id);
      const people = [
        { name: 'Zoe Smith', email: 'zoe@example.nhs.uk', unitId: unit.id },
        { name: 'adam smithers', email: 'adam@example.nhs.uk', unitId: unit.id },
        { name: 'Mo Khan', email: 'mo.smith@example.nhs.uk', unitId: null },
        { name: 'Bea 100% Jones', email: 'bea@example.nhs.uk', unitId: unit.id },
        { name: 'Cat_Lee', email: 'cat@example.nhs.uk', unitId: null },
        { name: 'Tal Catalee', email: 'tal@example.nhs.uk', unitId: null },
      ];
      for (const p of people) await t.factories.person(org.id, p);

      const smith = await t
        .http()
        .get('/api/v1/people')
        .query({ search: 'SMITH' })
        .set(auth)
        .expect(200);
      expect(smith.body.total).toBe(3);
      expect(smith.body.items.map((p: { name: string }) => p.name)).toEqual([
        'adam smithers',
        'Mo Khan',
        'Zoe Smith',
      ]);

      const percent = await t
        .http()
        .get('/api/v1/people')
        .query({ search: '%' })
        .set(auth)
        .expect(200);
      expect(percent.body.items.map((p: { name: string }) => p.name)).toEqual(['Bea 100% Jones']);
      const underscore = await t
        .http()
        .get('/api/v1/people')
        .query({ search: 't_l' })
        .set(auth)
        .expect(200);
      expect(underscore.body.items.map((p: { name: string }) => p.name)).toEqual(['Cat_Lee']);

      const inUnit = await t
        .http()
        .get('/api/v1/people')
        .query({ unitId: unit.id, search: 'smith' })
        .set(auth)
        .expect(200);
      expect(inUnit.body.total).toBe(2);

      const all = await t
        .http()
        .get('/api/v1/people')
        .query({ unitId: '', search: '' })
        .set(auth)
        .expect(200);
      expect(all.body.total).toBe(7);
      expect(all.body.items.map((p: { name: string }) => p.name)).toEqual([
        'Ada Admin',
        'adam smithers',
        'Bea 100% Jones',
        'Cat_Lee',
        'Mo Khan',
        'Tal Catalee',
        'Zoe Smith',
      ]);
      const page3 = await t
        .http()
        .get('/api/v1/people')
        .query({ page: 3, limit: 3 })
        .set(auth)
        .expect(200);
      expect(page3.body).toMatchObject({ total: 7, items: [{ name: 'Zoe Smith' }] });
      const beyond = await t
        .http()
        .get('/api/v1/people')
        .query({ page: 9, limit: 3 })
        .set(auth)
        .expect(200);
      expect(beyond.body).toEqual({ items: [], total: 7 });
      await t.http().get('/api/v1/people').query({ limit: 500 }).set(auth).expect(400);
    });
  });

  describe('CSV import', () => {
    it('imports people with quoted commas and line breaks, creates the units it names and sets managers', async () => {
      const { org, admin, auth } = await t.factories.adminWorld();
      await t.factories.unit(org.id, { name: 'Wards' });
      const csv = [
        HEADER,
        `Grace@Example.nhs.uk,"Hopper, Grace",wards,leader;coach,${admin.email}`,
        'alan@example.nhs.uk,"Alan ""AT"" Turing\nFRS","Theatres, Main",leader,grace@example.nhs.uk',
        'ken@example.nhs.uk,Ken,,,',
      ].join('\r\n');
      const res = await importCsv(auth, csv).expect(200);
      expect(res.body).toEqual({ created: 3, updated: 0, unitsCreated: 1, errors: [] });

      const rows = await t.dataSource.query(
        `SELECT p.email, p.name, u.name AS unit, p.roles, m.email AS manager
           FROM people p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN people m ON m.id = p.manager_id
          WHERE p.organisation_id = $1 AND p.id <> $2 ORDER BY p.email`,
        [org.id, admin.id],
      );
      expect(rows).toEqual([
        {
          email: 'alan@example.nhs.uk',
          name: 'Alan "AT" Turing FRS',
          unit: 'Theatres, Main',
          roles: ['leader'],
          manager: 'grace@example.nhs.uk',
        },
        {
          email: 'grace@example.nhs.uk',
          name: 'Hopper, Grace',
          unit: 'Wards',
          roles: ['coach', 'leader'],
          manager: admin.email,
        },
        { email: 'ken@example.nhs.uk', name: 'Ken', unit: null, roles: [], manager: null },
      ]);
      expect(await count('units', org.id)).toBe(2);
    });

    it('updates on a re-import without duplicating anyone, and counts only real changes', async () => {
      const { org, auth } = await t.factories.adminWorld();
      const csv = [
        HEADER,
        'a@example.nhs.uk,A,Wards,leader,',
        'b@example.nhs.uk,B,Wards,,a@example.nhs.uk',
        'c@example.nhs.uk,C,,coach,a@example.nhs.uk',
      ].join('\n');
      expect((await importCsv(auth, csv).expect(200)).body).toEqual({
        created: 3,
        updated: 0,
        unitsCreated: 1,
        errors: [],
      });
      expect((await importCsv(auth, csv).expect(200)).body).toEqual({
        created: 0,
        updated: 0,
        unitsCreated: 0,
        errors: [],
      });

      const changed = [
        HEADER,
        'a@example.nhs.uk,A,Wards,leader,', // unchanged
        'B@example.nhs.uk,B,Wards,,c@example.nhs.uk', // new manager
        'c@example.nhs.uk,C,Clinics,coach;leader,a@example.nhs.uk', // new unit and roles
        'd@example.nhs.uk,D,,,c@example.nhs.uk', // new person
      ].join('\n');
      expect((await importCsv(auth, changed).expect(200)).body).toEqual({
        created: 1,
        updated: 2,
        unitsCreated: 1,
        errors: [],
      });
      expect(await count('people', org.id)).toBe(5);
      expect(await count('units', org.id)).toBe(2);
      const c = await t.dataSource.query(
        `SELECT roles FROM people WHERE organisation_id = $1 AND email = 'c@example.nhs.uk'`,
        [org.id],
      );
      expect(c[0].roles).toEqual(['coach', 'leader']);

      // Columns left out of the header leave those fields as they are.
      expect(
        (await importCsv(auth, 'name,email\nA renamed,a@example.nhs.uk\n').expect(200)).body,
      ).toEqual({
        created: 0,
        updated: 1,
        unitsCreated: 0,
        errors: [],
      });
      const a = await t.dataSource.query(
        `SELECT p.name, p.roles, u.name AS unit FROM people p JOIN units u ON u.id = p.unit_id
          WHERE p.organisation_id = $1 AND p.email = 'a@example.nhs.uk'`,
        [org.id],
      );
      expect(a).toEqual([{ name: 'A renamed', roles: ['leader'], unit: 'Wards' }]);
    });

    it('answers 422, changes nothing when any row is wrong, and lists every error with its line', async () => {
      const { org, auth } = await t.factories.adminWorld();
      await t.factories.person(org.id, { email: 'known@example.nhs.uk' });
      const csv = [
        HEADER, // 1
        'ok@example.nhs.uk,"Okay,\nTwo lines",New unit,leader,known@example.nhs.uk', // 2-3
        'not-an-email,Bad Email,,,', // 4
        'role@example.nhs.uk,Role,,leader;boss,', // 5
        'ghost@example.nhs.uk,Ghost,,,nobody@example.nhs.uk', // 6
        'OK@example.nhs.uk,Twice,,,', // 7
        'noname@example.nhs.uk,,,,', // 8
        '', // 9
        'loop1@example.nhs.uk,L1,,,loop2@example.nhs.uk', // 10
        'loop2@example.nhs.uk,L2,,,loop1@example.nhs.uk', // 11
      ].join('\n');
      const people = await count('people', org.id);
      const units = await count('units', org.id);

      const res = await importCsv(auth, csv).expect(422);
      expect(res.body).toEqual({
        created: 0,
        updated: 0,
        unitsCreated: 0,
        errors: [
          { line: 4, message: 'email "not-an-email" is not an email address' },
          {
            line: 5,
            message:
              'role "boss" is not one of admin, coach, leader (separate several roles with ";")',
          },
          {
            line: 6,
            message:
              'manager_email nobody@example.nhs.uk is neither in this file nor in your organisation: add a row for them',
          },
          { line: 7, message: 'email ok@example.nhs.uk is also on line 2: list each person once' },
          { line: 8, message: 'name is missing' },
          {
            line: 10,
            message:
              'managers form a loop (loop1@example.nhs.uk → loop2@example.nhs.uk → loop1@example.nhs.uk; lines 10, 11): one of them must report to someone outside it',
          },
        ],
      });
      expect(await count('people', org.id)).toBe(people);
      expect(await count('units', org.id)).toBe(units);
    });

    it('explains a wrong header and a body that is not CSV', async () => {
      const { auth } = await t.factories.adminWorld();
      const res = await importCsv(auth, 'mail,name\nada@example.nhs.uk,Ada\n').expect(422);
      expect(res.body.created).toBe(0);
      expect(res.body.errors).toEqual([
        {
          line: 1,
          message: expect.stringMatching(
            /^unknown column "mail": the first line must be the header email,name,unit,roles,manager_email/,
          ),
        },
        { line: 1, message: expect.stringMatching(/^column "email" is missing/) },
      ]);
      const json = await t
        .http()
        .post('/api/v1/people/import')
        .set(auth)
        .send({ csv: 'email,name' })
        .expect(415);
      expect(json.body).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send the file as the request body with Content-Type: text/csv',
      });
    });

    it('refuses more than 20,000 rows, asking to split the file', async () => {
      const { org, auth } = await t.factories.adminWorld();
      const rows = Array.from({ length: 20_001 }, (_, i) => `p${i}@example.nhs.uk,P ${i}`);
      const res = await importCsv(auth, ['email,name', ...rows].join('\n')).expect(413);
      expect(res.body.message).toBe(
        'The file has 20,001 people; import at most 20,000 at a time by splitting it into several files',
      );
      expect(await count('people', org.id)).toBe(1);
    });

    it('refuses a file over 10 MB with 413 before reading it', async () => {
      const { auth } = await t.factories.adminWorld();
      const res = await importCsv(auth, `${HEADER}\n${'x'.repeat(10 * 1024 * 1024)}`).expect(413);
      expect(res.body).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The file is larger than 10 MB: split it into several files',
      });
    });

    describe('files as spreadsheets save them', () => {
      const importBytes = (auth: Auth, bytes: Buffer, type = 'text/csv') =>
        t.http().post('/api/v1/people/import').set(auth).set('Content-Type', type).send(bytes);

      it('imports UTF-8 with a byte-order mark and a file separated by semicolons', async () => {
        const { org, auth } = await t.factories.adminWorld();
        const bom = Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          Buffer.from(`${HEADER}\r\nzoe@example.nhs.uk,Zoë Ñúñez,Wards,leader,\r\n`, 'utf8'),
        ]);
        expect((await importBytes(auth, bom).expect(200)).body).toEqual({
          created: 1,
          updated: 0,
          unitsCreated: 1,
          errors: [],
        });
        const semicolons = Buffer.from(
          'email;name;unit;roles;manager_email\nzoe@example.nhs.uk;Zoë Ñúñez;Wards;"leader;coach";\nyan@example.nhs.uk;Yan, Li;Wards;;zoe@example.nhs.uk\n',
          'utf8',
        );
        expect((await importBytes(auth, semicolons).expect(200)).body).toEqual({
          created: 1,
          updated: 1,
          unitsCreated: 0,
          errors: [],
        });
        const people = await t.dataSource.query(
          `SELECT p.email, p.name, p.roles, m.email AS manager FROM people p
             LEFT JOIN people m ON m.id = p.manager_id
            WHERE p.organisation_id = $1 AND p.email LIKE '%@example.nhs.uk' AND p.roles <> '{admin}'
            ORDER BY p.email`,
          [org.id],
        );
        expect(people).toEqual([
          {
            email: 'yan@example.nhs.uk',
            name: 'Yan, Li',
            roles: [],
            manager: 'zoe@example.nhs.uk',
          },
          {
            email: 'zoe@example.nhs.uk',
            name: 'Zoë Ñúñez',
            roles: ['coach', 'leader'],
            manager: null,
          },
        ]);
      });

      it('refuses a file that is not UTF-8, naming its line, and still reads a declared charset', async () => {
        const { org, auth } = await t.factories.adminWorld();
        const windows1252 = Buffer.concat([
          Buffer.from(`${HEADER}\nann@example.nhs.uk,Ann,,,\n`),
          Buffer.from('zoe@example.nhs.uk,Zo\xeb,,,\n', 'latin1'),
        ]);
        const res = await importBytes(auth, windows1252).expect(422);
        expect(res.body).toEqual({
          created: 0,
          updated: 0,
          unitsCreated: 0,
          errors: [{ line: 3, message: expect.stringMatching(/^the file is not UTF-8 text/) }],
        });
        expect(await count('people', org.id)).toBe(1);

        const declared = await importBytes(auth, windows1252, 'text/csv; charset=iso-8859-1');
        expect(declared.status).toBe(200);
        expect(declared.body).toMatchObject({ created: 2, errors: [] });
        const [zoe] = await t.dataSource.query(
          `SELECT name FROM people WHERE organisation_id = $1 AND email = 'zoe@example.nhs.uk'`,
          [org.id],
        );
        expect(zoe.name).toBe('Zoë');
      });

      it('refuses formula-looking cells with their lines and changes nothing', async () => {
        const { org, auth } = await t.factories.adminWorld();
        const res = await importCsv(
          auth,
          [
            HEADER,
            'a@example.nhs.uk,"=HYPERLINK(""http://x.example"",""Hi"")",,,',
            'b@example.nhs.uk,B,@Wards,,',
            'c@example.nhs.uk,"Cy Smith-Jones",,,',
          ].join('\n'),
        ).expect(422);
        expect(res.body.errors).toEqual([
          {
            line: 2,
            message: expect.stringMatching(
              /^name "=HYPERLINK.*" starts with "=", which a spreadsheet would run as a formula/,
            ),
          },
          { line: 3, message: expect.stringMatching(/^unit "@Wards" starts with "@"/) },
        ]);
        expect(await count('people', org.id)).toBe(1);
      });

      it('answers 413 to a 20 MB file, without a 500', async () => {
        const { org, auth } = await t.factories.adminWorld();
        const row = 'someone@example.nhs.uk,Some One,Wards,leader,\n';
        const big = Buffer.from(
          `${HEADER}\n${row.repeat(Math.ceil((20 * 1024 * 1024) / row.length))}`,
        );
        expect(big.length).toBeGreaterThanOrEqual(20 * 1024 * 1024);
        const res = await importBytes(auth, big).expect(413);
        expect(res.body.message).toBe('The file is larger than 10 MB: split it into several files');
        expect(await count('people', org.id)).toBe(1);
      });
    });

    // The time is printed for the record, not asserted: speed is the benchmarks' to measure.
    it('imports 5,000 people in one request', async () => {
      const { org, admin, auth } = await t.factories.adminWorld();
      const rows = Array.from({ length: 5_000 }, (_, i) => {
        const manager = i === 0 ? admin.email : `p${Math.floor((i - 1) / 8)}@example.nhs.uk`;
        return `p${i}@example.nhs.uk,"Person ${i}",Unit ${i % 40},${i % 5 === 0 ? 'leader' : ''},${manager}`;
      });
      const started = performance.now();
      const res = await importCsv(auth, [HEADER, ...rows].join('\n')).expect(200);
      const ms = performance.now() - started;
      expect(res.body).toEqual({ created: 5_000, updated: 0, unitsCreated: 40, errors: [] });
      expect(await count('people', org.id)).toBe(5_001);
      process.stdout.write(`5,000-row import answered in ${Math.round(ms)} ms\n`);
    });

    it('imports 20,000 people with units and managers in one go', async () => {
      const { org, admin, auth } = await t.factories.adminWorld();
      const rows = Array.from({ length: 20_000 }, (_, i) => {
        const manager = i === 0 ? admin.email : `person${Math.floor((i - 1) / 10)}@example.nhs.uk`;
        return `person${i}@example.nhs.uk,"Person ${i}, Staff",Unit ${i % 50},${i % 7 === 0 ? 'leader' : ''},${manager}`;
      });
      const res = await importCsv(auth, [HEADER, ...rows].join('\n')).expect(200);
      expect(res.body).toEqual({ created: 20_000, updated: 0, unitsCreated: 50, errors: [] });
      expect(await count('people', org.id)).toBe(20_001);
      const managed = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM people WHERE organisation_id = $1 AND manager_id IS NOT NULL`,
        [org.id],
      );
      expect(managed[0].n).toBe(20_000);
      const page = await t
        .http()
        .get('/api/v1/people')
        .query({ search: 'person19998@', limit: 5 })
        .set(auth)
        .expect(200);
      expect(page.body).toMatchObject({
        total: 1,
        items: [{ name: 'Person 19998, Staff', roles: [] }],
      });
    });
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/units',
        '/api/v1/people',
        '/api/v1/people/import',
        '/api/v1/people/{id}',
      ]),
    );
    expect(Object.keys(doc.body.paths['/api/v1/people/import'].post.requestBody.content)).toEqual([
      'text/csv',
    ]);
  });
});
