import type { ReportDocument } from './report-document';
import type { ScaleShape } from '../frameworks/framework-shape';

// A hand-written report for previews and the rendering specs: peers and other colleagues
// published, direct reports (2) and an undisclosed manager suppressed, one statement whose
// others are below k, a statement the leader did not rate, text that needs escaping.

export const SAMPLE_SCALE: ScaleShape = {
  min: 1,
  max: 5,
  labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'],
};

const suppressed = { mean: null, n: null, suppressed: true };

export const SAMPLE_REPORT: ReportDocument = {
  requestId: '7d4c2f0e-5b7a-4a53-9a43-1f2e3d4c5b6a',
  leader: { id: '0b8e5b3e-8a6c-4d43-8a53-3b2f1e0d9c8b', name: 'Priya <Shah> & co' },
  cycle: { id: '4f3e2d1c-0b9a-4876-a543-210fedcba987', name: 'Spring 2026, "wave" 1' },
  threshold: 3,
  counts: {
    self: { invited: 1, completed: 1 },
    manager: { invited: 1, completed: 1 },
    peer: { invited: 5, completed: 4 },
    direct_report: { invited: 3, completed: 2 },
    other: { invited: 3, completed: 3 },
  },
  dimensions: [
    {
      key: 'empowering',
      title: 'Developing and empowering people',
      self: 4.5,
      others: { mean: 3.1, n: 10 },
      groups: [
        { relationship: 'manager', ...suppressed },
        { relationship: 'peer', mean: 3.25, n: 4, suppressed: false },
        { relationship: 'direct_report', ...suppressed },
        { relationship: 'other', mean: 2.67, n: 3, suppressed: false },
      ],
      items: [
        {
          key: 'delegates',
          text: 'Delegates real decisions, not just tasks',
          self: 5,
          others: {
            mean: 3.7,
            n: 10,
            distribution: { '1': 0, '2': 1, '3': 3, '4': 4, '5': 2, notObserved: 0 },
          },
          groups: [
            { relationship: 'manager', ...suppressed },
            { relationship: 'peer', mean: 3.75, n: 4, suppressed: false },
            { relationship: 'direct_report', ...suppressed },
            { relationship: 'other', mean: 3.33, n: 3, suppressed: false },
          ],
        },
        {
          key: 'grows_confidence',
          text: '=Grows others\' confidence, "visibly"',
          self: null,
          others: null,
          groups: [
            { relationship: 'manager', ...suppressed },
            { relationship: 'peer', ...suppressed },
            { relationship: 'direct_report', ...suppressed },
            { relationship: 'other', ...suppressed },
          ],
        },
      ],
    },
    {
      key: 'trust',
      title: 'Building trust and co-operation',
      self: 2,
      others: { mean: 3.5, n: 10 },
      groups: [
        { relationship: 'manager', ...suppressed },
        { relationship: 'peer', mean: 3.5, n: 4, suppressed: false },
        { relationship: 'direct_report', ...suppressed },
        { relationship: 'other', mean: 3.33, n: 3, suppressed: false },
      ],
      items: [
        {
          key: 'keeps_promises',
          text: 'Keeps the promises they make',
          self: 2,
          others: {
            mean: 3.5,
            n: 10,
            distribution: { '1': 0, '2': 1, '3': 4, '4': 4, '5': 1, notObserved: 0 },
          },
          groups: [
            { relationship: 'manager', ...suppressed },
            { relationship: 'peer', mean: 3.5, n: 4, suppressed: false },
            { relationship: 'direct_report', ...suppressed },
            { relationship: 'other', mean: 3.33, n: 3, suppressed: false },
          ],
        },
      ],
    },
  ],
  comments: [
    {
      questionKey: 'strengths',
      question: 'What does this leader do well?',
      answers: ['Listens <script>alert(1)</script> well', 'Clear, kind feedback'],
    },
    { questionKey: 'differently', question: 'What could they do differently?', answers: [] },
  ],
  highlights: { blindSpots: ['delegates'], hiddenStrengths: ['keeps_promises'] },
};
