import { parsePeopleCsv } from './people-csv';
import { checkAgainstOrganisation, findManagerLoops } from './people-import-rules';

describe('checkAgainstOrganisation', () => {
  it('accepts managers from the file or from the organisation', () => {
    const parsed = parsePeopleCsv(
      'email,name,manager_email\na@x.org,A,b@x.org\nb@x.org,B,boss@x.org\n',
    );
    expect(
      checkAgainstOrganisation(parsed, [{ email: 'boss@x.org', managerEmail: null }], 'boss@x.org'),
    ).toEqual([]);
  });

  it('names a manager found neither in the file nor in the organisation', () => {
    const parsed = parsePeopleCsv('email,name,manager_email\na@x.org,A,ghost@x.org\n');
    expect(checkAgainstOrganisation(parsed, [], 'admin@x.org')).toEqual([
      {
        line: 2,
        message:
          'manager_email ghost@x.org is neither in this file nor in your organisation: add a row for them',
      },
    ]);
  });

  it('finds a loop the file closes through someone already in the organisation', () => {
    // boss@x.org already reports to a@x.org; the file makes a@x.org report to b, and b to boss.
    const parsed = parsePeopleCsv(
      'email,name,manager_email\na@x.org,A,b@x.org\nb@x.org,B,boss@x.org\n',
    );
    const existing = [{ email: 'boss@x.org', managerEmail: 'a@x.org' }];
    expect(checkAgainstOrganisation(parsed, existing, 'admin@x.org')).toEqual([
      {
        line: 2,
        message:
          'managers form a loop (a@x.org → b@x.org → boss@x.org → a@x.org; lines 2, 3): one of them must report to someone outside it',
      },
    ]);
  });

  it('leaves existing managers alone when the file has no manager_email column', () => {
    const parsed = parsePeopleCsv('email,name\na@x.org,A\n');
    const existing = [
      { email: 'a@x.org', managerEmail: 'b@x.org' },
      { email: 'b@x.org', managerEmail: 'a@x.org' },
    ];
    expect(checkAgainstOrganisation(parsed, existing, 'admin@x.org')).toEqual([]);
  });

  it('refuses a file that takes away the importing admin’s own admin role', () => {
    const parsed = parsePeopleCsv('email,name,roles\nadmin@x.org,Ada,coach\n');
    expect(checkAgainstOrganisation(parsed, [], 'admin@x.org')).toEqual([
      { line: 2, message: expect.stringMatching(/takes away your own admin role/) },
    ]);
  });
});

describe('findManagerLoops', () => {
  it('finds each loop once, in reporting order, and ignores chains that end', () => {
    const managerOf = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['d', 'a'],
      ['e', 'f'],
      ['f', null],
      ['g', 'g'],
    ]);
    expect(findManagerLoops(managerOf, ['d', 'a', 'b', 'e', 'g'])).toEqual([
      ['a', 'b', 'c'],
      ['g'],
    ]);
  });
});
