import { formatLondonDateTime } from '../../../common/london-time';
import { raterInvitationEmail, raterInvitationSample } from './rater-invitation.template';
import { raterReminderEmail, raterReminderSample } from './rater-reminder.template';

describe('rater emails', () => {
  it('write close dates in UK time, the NHS way', () => {
    expect(formatLondonDateTime(new Date('2026-12-11T17:00:00Z'))).toBe(
      'Friday 11 December 2026 at 5pm',
    );
    expect(formatLondonDateTime(new Date('2026-07-11T11:00:00Z'))).toBe(
      'Saturday 11 July 2026 at midday',
    );
    expect(formatLondonDateTime(new Date('2026-07-11T08:30:00Z'))).toBe(
      'Saturday 11 July 2026 at 9:30am',
    );
  });

  it('invite with the leader, the close date, why it matters, the anonymity rule and one link', () => {
    const mail = raterInvitationEmail(raterInvitationSample);
    expect(mail.subject).toBe('Priya Shah would value your feedback on their leadership');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Priya Shah');
      expect(body).toContain('Friday 17 April 2026 at 5pm');
      expect(body).toMatch(/Collective leadership/);
      expect(body).toMatch(/groups of at least 3 people/);
      expect(body).toContain(raterInvitationSample.url);
    }
    expect(mail.text).toMatch(/line manager's answers are pooled in the same way/);
    expect(mail.text).not.toMatch(/replaces/);
  });

  it("word anonymity per the cycle: a disclosed manager is told their answers show as the manager's", () => {
    const mail = raterInvitationEmail({
      ...raterInvitationSample,
      relationship: 'manager',
      managerDisclosed: true,
    });
    expect(mail.text).toContain(
      "As Priya Shah's line manager, your answers will be shown to them as the line manager's, because this cycle discloses them",
    );
    const pooled = raterInvitationEmail({
      ...raterInvitationSample,
      relationship: 'manager',
      managerDisclosed: false,
    });
    expect(pooled.text).toMatch(/pooled with other people's .* never as yours/);
  });

  it('word the self nomination as a self-assessment', () => {
    const mail = raterInvitationEmail({
      ...raterInvitationSample,
      relationship: 'self',
      raterName: 'Priya Shah',
    });
    expect(mail.subject).toBe('Your self-assessment for Ward leaders, spring 2026');
    expect(mail.text).toMatch(/rate your own leadership behaviours/);
    expect(mail.html).toContain('Start your self-assessment');
  });

  it('remind with a link that says it replaces the earlier one', () => {
    const mail = raterReminderEmail(raterReminderSample);
    expect(mail.subject).toBe('Reminder: feedback for Priya Shah closes on 17 April');
    expect(mail.text).toContain('it replaces the one in earlier emails');
    expect(mail.text).toContain(raterReminderSample.url);
  });

  it('escape names in the HTML', () => {
    const mail = raterInvitationEmail({ ...raterInvitationSample, leaderName: '<b>Eve</b>' });
    expect(mail.html).not.toContain('<b>Eve</b>');
    expect(mail.html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
  });
});
