import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import type { CurrentPersonInfo } from '../auth/authenticated-request';
import { Cycle } from '../cycles/cycle.entity';
import { FeedbackRequest } from '../cycles/feedback-request.entity';
import { Framework } from '../frameworks/framework.entity';
import { inContractOrder, type ReportDocument } from './report-document';
import { ReportSnapshot } from './report-snapshot.entity';
import { ReportView, type ReportFormat } from './report-view.entity';
import type { ScaleShape } from './report.types';

export interface ReadableReport {
  document: ReportDocument;
  frameworkId: string;
  takenAt: Date;
}

/**
 * Who may read which report, and when: admins and the request's coach from close, the leader
 * from release, nobody else; another organisation's request does not exist. Reports are served
 * from the snapshot only, and every view is audited.
 */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(
    person: CurrentPersonInfo,
    requestId: string,
    format: ReportFormat,
  ): Promise<ReadableReport> {
    const request = await this.dataSource
      .getRepository(FeedbackRequest)
      .findOneBy({ id: requestId, organisationId: person.organisationId });
    if (!request) throw DomainError.notFound('Feedback request');
    const isAdmin = person.roles.includes('admin');
    const isCoach = request.coachId === person.id;
    const isLeader = request.leaderId === person.id;
    if (!isAdmin && !isCoach && !isLeader) {
      throw new DomainError(
        'FORBIDDEN',
        'Only the leader, their coach and admins may read this report',
      );
    }

    const cycle = await this.dataSource
      .getRepository(Cycle)
      .findOneByOrFail({ id: request.cycleId, organisationId: person.organisationId });
    switch (cycle.state) {
      case 'draft':
      case 'open':
        throw new DomainError(
          'REPORT_NOT_AVAILABLE',
          `The cycle is ${cycle.state}: reports exist only once the cycle is closed`,
        );
      case 'closed':
        if (!isAdmin && !isCoach) {
          throw new DomainError(
            'REPORT_NOT_RELEASED',
            'Your report is not released yet: you can read it once an admin releases the cycle',
          );
        }
        break;
      case 'released':
        break;
    }

    const snapshot = await this.dataSource
      .getRepository(ReportSnapshot)
      .findOneBy({ feedbackRequestId: request.id });
    if (!snapshot) {
      throw new DomainError(
        'REPORT_BEING_PREPARED',
        'The report is being prepared: try again in a minute',
      );
    }
    await this.dataSource.getRepository(ReportView).insert({
      organisationId: person.organisationId,
      personId: person.id,
      feedbackRequestId: request.id,
      format,
    });
    return {
      document: inContractOrder(snapshot.body),
      frameworkId: snapshot.frameworkId,
      takenAt: snapshot.createdAt,
    };
  }

  /** The rating scale the CSV and the page lay figures on (frameworks never change once used). */
  async scaleOf(report: ReadableReport): Promise<ScaleShape> {
    const framework = await this.dataSource
      .getRepository(Framework)
      .findOneByOrFail({ id: report.frameworkId });
    return framework.scale;
  }
}
