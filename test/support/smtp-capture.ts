import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer, SMTPServerAddress } from 'smtp-server';
import { waitFor } from './wait-for';

export interface CapturedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  parsed: ParsedMail;
  /** The message as the server received it (for signature checks). */
  raw: Buffer;
}

type RcptRule = (address: string) => { code: number; message: string } | null;

/**
 * What every email the service sends must carry, whatever it is: the automatic-mail headers
 * that stop out-of-office replies (RFC 3834 and Exchange's), and a Message-ID in the sender's
 * own domain. Returns what is wrong, empty when nothing is.
 */
export function automaticMailProblems(parsed: ParsedMail): string[] {
  const problems: string[] = [];
  const subject = parsed.subject ?? '(no subject)';
  if (parsed.headers.get('auto-submitted') !== 'auto-generated')
    problems.push(`"${subject}": no Auto-Submitted: auto-generated`);
  if (parsed.headers.get('x-auto-response-suppress') !== 'All')
    problems.push(`"${subject}": no X-Auto-Response-Suppress: All`);
  const fromDomain = parsed.from?.value[0]?.address?.split('@')[1];
  const idDomain = /@([^>]+)>$/.exec(parsed.messageId ?? '')?.[1];
  if (!fromDomain || idDomain !== fromDomain)
    problems.push(`"${subject}": Message-ID ${parsed.messageId} not in ${fromDomain}`);
  return problems;
}

/**
 * A real SMTP server on a free port that keeps every message it accepts, parsed. Every message
 * is also checked by `automaticMailProblems`; `TestApp.close()` fails the spec on any finding,
 * so each email of every test is checked, not only those a test looks at.
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  readonly mailProblems: string[] = [];
  private server!: SMTPServer;
  private rcptRule: RcptRule = () => null;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const rule = this.rcptRule(address.address);
        if (!rule) return callback();
        const error = new Error(rule.message) as Error & { responseCode: number };
        error.responseCode = rule.code;
        return callback(error);
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        new Promise<Buffer>((resolve, reject) => {
          stream.on('end', () => resolve(Buffer.concat(chunks)));
          stream.on('error', reject);
        })
          .then(async (raw) => ({ raw, parsed: await simpleParser(raw) }))
          .then(({ raw, parsed }) => {
            this.mailProblems.push(...automaticMailProblems(parsed));
            const to = (
              Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []
            ).flatMap((a) => a.value.map((v) => v.address ?? ''));
            this.messages.push({
              to,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              parsed,
              raw,
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Answer RCPT TO with an error for matching addresses (e.g. 421 transient, 550 permanent). */
  failRecipients(rule: RcptRule): void {
    this.rcptRule = rule;
  }

  to(address: string): CapturedMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  async waitForCount(count: number, timeoutMs = 20_000): Promise<CapturedMail[]> {
    await waitFor(() => this.messages.length >= count, {
      timeoutMs,
      what: `${count} emails (have ${this.messages.length})`,
    });
    return this.messages;
  }

  async waitForMailTo(address: string, timeoutMs = 20_000): Promise<CapturedMail> {
    await waitFor(() => this.to(address).length > 0, { timeoutMs, what: `an email to ${address}` });
    return this.to(address)[0]!;
  }

  clear(): void {
    this.messages.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
