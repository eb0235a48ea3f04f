import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { hashToken, looksLikeToken } from '../../common/secure-token';
import type { MailJobData } from '../mail/mail-composer';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUES, SIGN_IN_MAIL_JOB } from '../outbox/queue-names';
import { Person } from '../organisations/person.entity';
import { SessionService } from './session.service';
import { SignInLimiter } from './sign-in-limiter';
import { SignInLink } from './sign-in-link.entity';

export const SIGN_IN_LINK_MINUTES = 15;

export interface SessionResult {
  accessToken: string;
  expiresAt: Date;
  person: Person;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sessions: SessionService,
    private readonly limiter: SignInLimiter,
  ) {}

  /**
   * Emails a single-use link to every person with this address (one per organisation). Says
   * nothing about whether anyone was found: the caller answers 202 either way. Beyond
   * SIGN_IN_LINKS_PER_ADDRESS in 15 minutes for the address, nothing is sent (and the caller
   * answers the same).
   */
  async requestLink(email: string, next = '/'): Promise<void> {
    const normalised = email.trim().toLowerCase();
    if (!(await this.limiter.mayEmailAddress(normalised))) return;
    // Where the link's "Sign in" lands: a path on this site (checked again when it is sent).
    const jobData = (signInLinkId: string): MailJobData =>
      next === '/' ? { signInLinkId } : { signInLinkId, next };
    const queued = await this.dataSource.transaction(async (manager) => {
      const people = await manager.find(Person, { where: { email: normalised } });
      if (people.length === 0) return false;
      const expiresAt = new Date(Date.now() + SIGN_IN_LINK_MINUTES * 60_000);
      const links = await manager.save(
        SignInLink,
        people.map((p) => manager.create(SignInLink, { personId: p.id, expiresAt })),
      );
      await this.outbox.add(
        manager,
        links.map((link) => ({
          queue: QUEUES.mail,
          name: SIGN_IN_MAIL_JOB,
          jobId: `signin-${link.id}`,
          data: jobData(link.id),
        })),
      );
      return true;
    });
    if (queued) this.outbox.relaySoon();
  }

  /** Consumes a link exactly once (a conditional update) and opens a session. */
  async signIn(token: string): Promise<SessionResult> {
    const invalid = new DomainError(
      'SIGN_IN_LINK_INVALID',
      'This sign-in link is not valid: it may have expired (links last 15 minutes) or been used already. Ask for a new one.',
    );
    if (!looksLikeToken(token)) throw invalid;
    const rows = await this.dataSource.query<[{ person_id: string }[], number]>(
      `UPDATE sign_in_links SET consumed_at = now()
        WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > now()
        RETURNING person_id`,
      [hashToken(token)],
    );
    const personId = rows[0]?.[0]?.person_id;
    if (!personId) throw invalid;
    const person = await this.dataSource.getRepository(Person).findOneByOrFail({ id: personId });
    const session = await this.sessions.issue(person);
    return { ...session, person };
  }
}
