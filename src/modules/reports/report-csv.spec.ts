import { parse } from 'csv-parse/sync';
import { csvField, reportCsv } from './report-csv';
import { SAMPLE_REPORT, SAMPLE_SCALE } from './report-sample';

const rowsOf = (csv: string): Record<string, string>[] =>
  parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

describe('reportCsv', () => {
  const csv = reportCsv(SAMPLE_REPORT, SAMPLE_SCALE);
  const rows = rowsOf(csv);

  it('names its columns in a header row, groups in a fixed order', () => {
    expect(csv.split('\r\n')[0]).toBe(
      'dimension,item,text,self,others_mean,others_n,manager_mean,manager_n,peer_mean,peer_n,' +
        'direct_report_mean,direct_report_n,other_mean,other_n,' +
        'answers_1,answers_2,answers_3,answers_4,answers_5,answers_not_observed,highlight',
    );
  });

  it('has one row per dimension followed by one per item, with keys in dimension and item', () => {
    expect(rows.map((r) => [r.dimension, r.item])).toEqual([
      ['empowering', ''],
      ['empowering', 'delegates'],
      ['empowering', 'grows_confidence'],
      ['trust', ''],
      ['trust', 'keeps_promises'],
    ]);
  });

  it('writes the published figures of a dimension and leaves suppressed groups empty', () => {
    expect(rows[0]).toMatchObject({
      text: 'Developing and empowering people',
      self: '4.5',
      others_mean: '3.1',
      others_n: '10',
      manager_mean: '',
      manager_n: '',
      peer_mean: '3.25',
      peer_n: '4',
      direct_report_mean: '',
      direct_report_n: '',
      other_mean: '2.67',
      other_n: '3',
      answers_1: '',
      highlight: '',
    });
  });

  it('writes an item distribution and its highlight', () => {
    expect(rows[1]).toMatchObject({
      self: '5',
      others_mean: '3.7',
      answers_1: '0',
      answers_2: '1',
      answers_3: '3',
      answers_4: '4',
      answers_5: '2',
      answers_not_observed: '0',
      highlight: 'blind_spot',
    });
    expect(rows[4]?.highlight).toBe('hidden_strength');
  });

  it('leaves every figure empty, never zero, where nothing is published', () => {
    const row = rows[2]!;
    const figures = Object.entries(row).filter(
      ([column]) => !['dimension', 'item', 'text'].includes(column),
    );
    expect(figures.every(([, value]) => value === '')).toBe(true);
  });

  it('quotes text as RFC 4180 says and defuses a formula', () => {
    expect(rows[2]?.text).toBe(`'=Grows others' confidence, "visibly"`);
    expect(csv).toContain(`"'=Grows others' confidence, ""visibly"""`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it.each([
    [null, ''],
    [3.25, '3.25'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('writes %p as %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
