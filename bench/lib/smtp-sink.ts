import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP sink that counts messages by Message-ID (to find duplicates and gaps) without
 * parsing bodies: only the header block is read.
 */
export class SmtpSink {
  readonly byMessageId = new Map<string, number>();
  received = 0;
  lastAt = 0;
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      size: 1024 * 1024,
      onData: (stream, _session, callback) => {
        let head = '';
        let done = false;
        stream.on('data', (chunk: Buffer) => {
          if (done) return;
          head += chunk.toString('utf8');
          const end = head.indexOf('\r\n\r\n');
          if (end >= 0) {
            head = head.slice(0, end);
            done = true;
          }
        });
        stream.on('end', () => {
          const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `(none ${this.received})`;
          this.byMessageId.set(id, (this.byMessageId.get(id) ?? 0) + 1);
          this.received++;
          this.lastAt = performance.now();
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get duplicates(): number {
    let d = 0;
    for (const n of this.byMessageId.values()) if (n > 1) d += n - 1;
    return d;
  }

  reset(): void {
    this.byMessageId.clear();
    this.received = 0;
    this.lastAt = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
