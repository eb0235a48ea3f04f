import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { readProcessConfig } from '../src/config/app.config';

/**
 * Development aid: lists the emails written to OUTBOX_DIR (no SMTP_URL), newest last, with
 * their links decoded, so a sign-in or rater link can be followed without a mail server.
 *   npm run outbox                      every email
 *   npm run outbox -- --to a@b.org      only those to that address
 *   npm run outbox -- --links           only the links, one a line (for scripts)
 */
async function main(argv: string[]): Promise<void> {
  const to = argv.includes('--to') ? argv[argv.indexOf('--to') + 1]?.toLowerCase() : undefined;
  const linksOnly = argv.includes('--links');
  const dir = resolve(readProcessConfig().outboxDir);
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.eml'))
    .sort();
  for (const file of files) {
    const mail = await simpleParser(await readFile(join(dir, file)));
    const recipients = [mail.to ?? []]
      .flat()
      .flatMap((a) => a.value.map((v) => v.address?.toLowerCase() ?? ''));
    if (to && !recipients.includes(to)) continue;
    const links = [...new Set((mail.text ?? '').match(/https?:\/\/\S+/g) ?? [])];
    if (linksOnly) {
      for (const link of links) process.stdout.write(`${link}\n`);
      continue;
    }
    process.stdout.write(
      `${file}\n  to: ${recipients.join(', ')}\n  subject: ${mail.subject ?? ''}\n`,
    );
    for (const link of links) process.stdout.write(`  link: ${link}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
