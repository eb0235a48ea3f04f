import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { simpleParser } from 'mailparser';
import { CapturedMail, automaticMailProblems } from './support/smtp-capture';
import { TestApp } from './support/test-app';

const DKIM_DOMAIN = 'c360.test';
const DKIM_SELECTOR = 'c360';

/** A test key pair, and the DNS TXT record a trust would publish for it. */
function dkimKeys(): { privateKey: string; txtRecord: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    txtRecord: `v=DKIM1; k=rsa; p=${spki}`,
  };
}

/** Verifies the message's DKIM signature against our TXT record, as a receiving server would. */
async function dkimResult(raw: Buffer | string, txtRecord: string): Promise<string | undefined> {
  const result = await dkimVerify(raw, {
    resolver: (name: string, type: string) => {
      if (type === 'TXT' && name === `${DKIM_SELECTOR}._domainkey.${DKIM_DOMAIN}`)
        return Promise.resolve([[txtRecord]]);
      const error = new Error(`no ${type} record for ${name}`) as Error & { code: string };
      error.code = 'ENOTFOUND';
      return Promise.reject(error);
    },
  });
  return result.results[0]?.status.result;
}

async function signInMail(t: TestApp, email: string): Promise<CapturedMail> {
  const org = await t.factories.organisation();
  await t.factories.person(org.id, { email, name: 'Grace Hopper' });
  await t.http().post('/api/v1/auth/sign-in-links').send({ email }).expect(202);
  return t.smtp.waitForMailTo(email);
}

describe('email that a trust’s mail system handles well', () => {
  const keys = dkimKeys();
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({
      env: {
        MAIL_REPLY_TO: 'OD team <od-team@c360.test>',
        DKIM_DOMAIN,
        DKIM_SELECTOR,
        // As an operator would put a PEM in one environment line.
        DKIM_PRIVATE_KEY: keys.privateKey.replace(/\n/g, '\\n'),
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks every email automatic, so out-of-office replies are not sent back', async () => {
    const mail = await signInMail(t, 'auto@example.nhs.uk');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.parsed.headers.get('x-auto-response-suppress')).toBe('All');
  });

  it('makes the Message-ID in the sender’s domain and replies go to the configured mailbox', async () => {
    const mail = await signInMail(t, 'reply@example.nhs.uk');
    expect(mail.messageId).toMatch(/^<signin-[0-9a-f-]{36}@c360\.test>$/);
    const replyTo = mail.parsed.replyTo?.value[0];
    expect(replyTo).toMatchObject({ address: 'od-team@c360.test', name: 'OD team' });
    expect(mail.text).toContain('Reply to this email to reach OD team <od-team@c360.test>');
    expect(mail.html).toContain('Reply to this email to reach OD team &lt;od-team@c360.test&gt;');
  });

  it('signs with DKIM, and the signature verifies against the published key', async () => {
    const mail = await signInMail(t, 'dkim@example.nhs.uk');
    expect(mail.parsed.headers.get('dkim-signature')).toBeDefined();
    await expect(dkimResult(mail.raw, keys.txtRecord)).resolves.toBe('pass');
  });

  it('a message altered after signing no longer verifies (the check can fail)', async () => {
    const mail = await signInMail(t, 'tamper@example.nhs.uk');
    const tampered = mail.raw.toString('utf8').replace('Grace Hopper', 'Grace H0pper');
    expect(tampered).not.toBe(mail.raw.toString('utf8'));
    // A changed body fails its body hash ("neutral" in mailauth's words); another key, "fail".
    await expect(dkimResult(tampered, keys.txtRecord)).resolves.not.toBe('pass');
    await expect(dkimResult(mail.raw, dkimKeys().txtRecord)).resolves.toBe('fail');
  });
});

describe('email without a Reply-To or DKIM configured', () => {
  let t: TestApp;

  beforeAll(async () => {
    // An empty variable is unset (the suite above set these in this process's environment).
    t = await TestApp.create({
      env: { MAIL_REPLY_TO: '', DKIM_DOMAIN: '', DKIM_SELECTOR: '', DKIM_PRIVATE_KEY: '' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('has no Reply-To, no contact line and no signature, and still the automatic headers', async () => {
    const mail = await signInMail(t, 'plain@example.nhs.uk');
    expect(mail.parsed.replyTo).toBeUndefined();
    expect(mail.text).not.toContain('Reply to this email');
    expect(mail.html).not.toContain('<!--contact-->');
    expect(mail.parsed.headers.get('dkim-signature')).toBeUndefined();
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });
});

describe('the check every test applies to every email it receives', () => {
  it('finds an email without the automatic headers or with a Message-ID of another domain', async () => {
    const plain = await simpleParser(
      'From: C360 <no-reply@c360.test>\r\nTo: a@example.nhs.uk\r\nSubject: Hi\r\n' +
        'Message-ID: <x@collective360>\r\n\r\nHello\r\n',
    );
    expect(automaticMailProblems(plain)).toEqual([
      '"Hi": no Auto-Submitted: auto-generated',
      '"Hi": no X-Auto-Response-Suppress: All',
      '"Hi": Message-ID <x@collective360> not in c360.test',
    ]);
    const good = await simpleParser(
      'From: C360 <no-reply@c360.test>\r\nTo: a@example.nhs.uk\r\nSubject: Hi\r\n' +
        'Auto-Submitted: auto-generated\r\nX-Auto-Response-Suppress: All\r\n' +
        'Message-ID: <x@c360.test>\r\n\r\nHello\r\n',
    );
    expect(automaticMailProblems(good)).toEqual([]);
  });
});
