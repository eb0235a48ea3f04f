import { DomainError } from '../../common/domain-error';
import { MAX_IMPORT_ROWS, parsePeopleCsv } from './people-csv';

const HEADER = 'email,name,unit,roles,manager_email';

describe('parsePeopleCsv', () => {
  it('reads quoted values with commas, quotes and line breaks, and numbers rows by the line they start on', () => {
    const csv = [
      HEADER,
      'Ada@Example.nhs.uk , "Lovelace, Ada",Wards,admin; Leader,',
      'bo@example.nhs.uk,"Bo ""The Boss""\nSecond line",Wards,,ada@example.nhs.uk',
      'cy@example.nhs.uk,Cy,,coach,ada@example.nhs.uk',
    ].join('\n');
    const parsed = parsePeopleCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.has).toEqual({ unit: true, roles: true, managerEmail: true });
    expect(parsed.rows).toEqual([
      {
        line: 2,
        email: 'ada@example.nhs.uk',
        name: 'Lovelace, Ada',
        unitName: 'Wards',
        roles: ['admin', 'leader'],
        managerEmail: null,
      },
      {
        line: 3,
        email: 'bo@example.nhs.uk',
        name: 'Bo "The Boss" Second line',
        unitName: 'Wards',
        roles: [],
        managerEmail: 'ada@example.nhs.uk',
      },
      {
        line: 5,
        email: 'cy@example.nhs.uk',
        name: 'Cy',
        unitName: null,
        roles: ['coach'],
        managerEmail: 'ada@example.nhs.uk',
      },
    ]);
  });

  it('counts CRLF as one line break, inside quotes too, skips blank lines and ignores a byte-order mark', () => {
    const csv = `\ufeff${HEADER}\r\na@x.org,"A\r\nA",,,\r\n\r\nb@x.org,B,,,\r\n`;
    const parsed = parsePeopleCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.email])).toEqual([
      [2, 'a@x.org'],
      [5, 'b@x.org'],
    ]);
  });

  it('accepts the columns in any order and without the optional ones', () => {
    const parsed = parsePeopleCsv('name,EMAIL\nAda,ada@x.org\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.has).toEqual({ unit: false, roles: false, managerEmail: false });
    expect(parsed.rows).toEqual([
      { line: 2, email: 'ada@x.org', name: 'Ada', unitName: null, roles: [], managerEmail: null },
    ]);
  });

  it('lists every error of every row, each with its line', () => {
    const csv = [
      HEADER,
      'not-an-email,,Wards,boss,', // 2: email, name, role
      'ok@x.org,Ok,,,',
      'OK@x.org,Again,,,', // 4: duplicate
      'self@x.org,Self,,,SELF@x.org', // 5: own manager
      'few@x.org,Few', // 6: field count
      'm@x.org,M,,,nope', // 7: manager email
    ].join('\n');
    expect(parsePeopleCsv(csv).errors).toEqual([
      { line: 2, message: 'email "not-an-email" is not an email address' },
      { line: 2, message: 'name is missing' },
      {
        line: 2,
        message: 'role "boss" is not one of admin, coach, leader (separate several roles with ";")',
      },
      { line: 4, message: 'email ok@x.org is also on line 3: list each person once' },
      {
        line: 5,
        message:
          'a person cannot be their own manager: leave manager_email empty or name someone else',
      },
      {
        line: 6,
        message:
          'has 2 fields but the header has 5: put a value that contains a comma in double quotes',
      },
      { line: 7, message: 'manager_email "nope" is not an email address' },
    ]);
  });

  it('explains a wrong header and reads no row', () => {
    const parsed = parsePeopleCsv('mail,name,team\nada@x.org,Ada,Wards\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors.map((e) => e.line)).toEqual([1, 1, 1]);
    expect(parsed.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^unknown column "mail": the first line must be the header email,name,unit,roles,manager_email/,
      ),
      expect.stringMatching(/^unknown column "team"/),
      expect.stringMatching(/^column "email" is missing/),
    ]);
  });

  it('says an empty file needs the header', () => {
    expect(parsePeopleCsv('\n\n').errors).toEqual([
      {
        line: 1,
        message: expect.stringMatching(/^The file is empty: the first line must be the header/),
      },
    ]);
  });

  it('points an unclosed quote at the line where its record starts', () => {
    const parsed = parsePeopleCsv(`${HEADER}\na@x.org,A,,,\nb@x.org,"B\nc@x.org,C,,,\n`);
    expect(parsed.errors).toEqual([{ line: 3, message: expect.stringMatching(/never closed/) }]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows with a message that says to split the file`, () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `p${i}@x.org,P${i}`);
    const attempt = () => parsePeopleCsv(['email,name', ...rows].join('\n'));
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(
      'The file has 20,001 people; import at most 20,000 at a time by splitting it into several files',
    );
  });
});
