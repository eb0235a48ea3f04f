import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, IsNull } from 'typeorm';
import { isUniqueViolation } from '../../database/unique-violation';
import { DomainError } from '../../common/domain-error';
import { Page, PageQuery } from '../../common/pagination';
import { CreateFrameworkDto, FrameworkView } from './dto/framework.dto';
import { Framework } from './framework.entity';
import { frameworkProblems } from './framework-rules';
import { toFrameworkView } from './framework.view';

/** The key of the seeded framework a cycle uses unless it names another. */
export const DEFAULT_FRAMEWORK_KEY = 'collective-leadership';

/**
 * Frameworks are never updated: a custom framework posted again under its key becomes the next
 * version, so a cycle that used the earlier one keeps exactly the questions it asked.
 */
@Injectable()
export class FrameworksService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(organisationId: string, page: PageQuery): Promise<Page<FrameworkView>> {
    const [rows, total] = await this.visible(organisationId)
      .orderBy('f.organisation_id IS NULL', 'DESC')
      .addOrderBy('f.key')
      .addOrderBy('f.version', 'DESC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return { items: rows.map(toFrameworkView), total };
  }

  async get(organisationId: string, id: string): Promise<FrameworkView> {
    return toFrameworkView(await this.findVisible(organisationId, id));
  }

  /** A framework the organisation may use: its own or a shared one; anything else is 404. */
  async findVisible(organisationId: string, id: string): Promise<Framework> {
    const framework = await this.visible(organisationId).andWhere('f.id = :id', { id }).getOne();
    if (!framework) throw DomainError.notFound('Framework');
    return framework;
  }

  /** The latest version of the seeded collective-leadership framework. */
  async defaultFramework(): Promise<Framework> {
    const framework = await this.dataSource.getRepository(Framework).findOne({
      where: { organisationId: IsNull(), key: DEFAULT_FRAMEWORK_KEY },
      order: { version: 'DESC' },
    });
    if (!framework)
      throw new Error(
        `The seeded framework "${DEFAULT_FRAMEWORK_KEY}" is missing: run the migrations`,
      );
    return framework;
  }

  async create(organisationId: string, dto: CreateFrameworkDto): Promise<FrameworkView> {
    const problems = frameworkProblems(dto);
    if (problems.length > 0) {
      throw new DomainError(
        'FRAMEWORK_INVALID',
        `The framework is not valid: ${problems.join('; ')}.`,
      );
    }
    try {
      const saved = await this.dataSource.transaction(async (manager) => {
        const shared = await manager
          .getRepository(Framework)
          .createQueryBuilder('f')
          .where('f.organisation_id IS NULL AND f.key = :key', { key: dto.key })
          .getExists();
        if (shared) {
          throw new DomainError(
            'FRAMEWORK_INVALID',
            `The key "${dto.key}" belongs to a framework every organisation shares: choose another key.`,
          );
        }
        const rows = await manager.query<{ next: number }[]>(
          `SELECT COALESCE(max(version), 0) + 1 AS next FROM frameworks WHERE organisation_id = $1 AND key = $2`,
          [organisationId, dto.key],
        );
        return manager.getRepository(Framework).save({
          organisationId,
          key: dto.key,
          version: rows[0]?.next ?? 1,
          name: dto.name,
          scale: { min: dto.scale.min, max: dto.scale.max, labels: dto.scale.labels },
          dimensions: dto.dimensions.map((d) => ({
            key: d.key,
            title: d.title,
            items: d.items.map((i) => ({ key: i.key, text: i.text })),
          })),
          questions: dto.questions.map((q) => ({ key: q.key, text: q.text })),
        });
      });
      return toFrameworkView(saved);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'CONFLICT',
          'Another version of this framework was saved at the same moment: try again.',
        );
      }
      throw error;
    }
  }

  private visible(organisationId: string) {
    return this.dataSource
      .getRepository(Framework)
      .createQueryBuilder('f')
      .where(
        new Brackets((w) => {
          w.where('f.organisation_id IS NULL').orWhere('f.organisation_id = :organisationId', {
            organisationId,
          });
        }),
      );
  }
}
