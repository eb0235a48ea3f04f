import { buildReportDocument, inContractOrder, type ReportDocument } from './report-document';
import { SAMPLE_REPORT, SAMPLE_SCALE } from './report-sample';

describe('inContractOrder', () => {
  it('lists the API’s fields in the API’s order, at every level', () => {
    const doc = inContractOrder(SAMPLE_REPORT);
    expect(Object.keys(doc)).toEqual([
      'requestId',
      'leader',
      'cycle',
      'threshold',
      'counts',
      'dimensions',
      'comments',
      'highlights',
    ]);
    expect(Object.keys(doc.counts)).toEqual(['self', 'manager', 'peer', 'direct_report', 'other']);
    const dimension = doc.dimensions[0]!;
    expect(Object.keys(dimension)).toEqual(['key', 'title', 'self', 'others', 'groups', 'items']);
    expect(Object.keys(dimension.items[0]!)).toEqual(['key', 'text', 'self', 'others', 'groups']);
    expect(Object.keys(dimension.items[0]!.others!)).toEqual(['mean', 'n', 'distribution']);
    expect(Object.keys(dimension.groups[0]!)).toEqual(['relationship', 'mean', 'n', 'suppressed']);
    expect(doc).toEqual(SAMPLE_REPORT);
  });

  it('drops anything that is not in the contract', () => {
    const padded = {
      ...SAMPLE_REPORT,
      secret: 'x',
      leader: { ...SAMPLE_REPORT.leader, email: 'x@example.org' },
    } as ReportDocument;
    expect(JSON.stringify(inContractOrder(padded))).not.toContain('x@example.org');
    expect(inContractOrder(padded)).not.toHaveProperty('secret');
  });
});

describe('buildReportDocument', () => {
  it('scores one request with the cycle’s k and disclosure and names leader and cycle', () => {
    const doc = buildReportDocument({
      requestId: 'r1',
      leader: { id: 'l1', name: 'Lee' },
      cycle: { id: 'c1', name: 'Spring', anonymityThreshold: 3, managerDisclosed: true },
      framework: {
        scale: SAMPLE_SCALE,
        dimensions: [{ key: 'd', title: 'D', items: [{ key: 'i', text: 'I' }] }],
        questions: [],
      },
      // Manager 5, peers 2, 3, 4: others (5+2+3+4)/4 = 3.5; peers 9/3 = 3; the disclosed manager
      // alone 5; remainder 4 − 1 − 3 = 0, so nothing more is hidden.
      responses: [
        { relationship: 'self', answers: { i: 4 }, comments: {} },
        { relationship: 'manager', answers: { i: 5 }, comments: {} },
        { relationship: 'peer', answers: { i: 2 }, comments: {} },
        { relationship: 'peer', answers: { i: 3 }, comments: {} },
        { relationship: 'peer', answers: { i: 4 }, comments: {} },
      ],
      counts: {
        self: { invited: 1, completed: 1 },
        manager: { invited: 1, completed: 1 },
        peer: { invited: 3, completed: 3 },
      },
      commentOrderKey: 'k',
    });
    expect(doc.requestId).toBe('r1');
    expect(doc.leader).toEqual({ id: 'l1', name: 'Lee' });
    expect(doc.cycle).toEqual({ id: 'c1', name: 'Spring' });
    expect(doc.threshold).toBe(3);
    expect(doc.dimensions[0]?.others).toEqual({ mean: 3.5, n: 4 });
    expect(doc.dimensions[0]?.groups).toEqual([
      { relationship: 'manager', mean: 5, n: 1, suppressed: false },
      { relationship: 'peer', mean: 3, n: 3, suppressed: false },
    ]);
  });
});
