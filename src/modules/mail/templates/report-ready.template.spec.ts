import {
  reportReadyCoachSample,
  reportReadyEmail,
  reportReadySample,
} from './report-ready.template';

describe('reportReadyEmail', () => {
  it('tells the leader their report is ready, with the link in HTML and text', () => {
    const mail = reportReadyEmail(reportReadySample);
    expect(mail.subject).toBe('Your 360° feedback report from Spring 2026 leadership 360 is ready');
    expect(mail.html).toContain(`href="${reportReadySample.url}"`);
    expect(mail.text).toContain(reportReadySample.url);
    expect(mail.text).toContain('Hello Priya Shah,');
  });

  it('tells the coach whose report is ready', () => {
    const mail = reportReadyEmail(reportReadyCoachSample);
    expect(mail.subject).toBe(
      'Priya Shah’s 360° feedback report from Spring 2026 leadership 360 is ready',
    );
    expect(mail.text).toContain('Hello Sam Okafor,');
    expect(mail.text).toContain('whom you coach');
  });

  it('escapes names in the HTML', () => {
    const mail = reportReadyEmail({ ...reportReadySample, recipientName: '<b>Eve</b>' });
    expect(mail.html).not.toContain('<b>Eve</b>');
    expect(mail.html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
  });
});
