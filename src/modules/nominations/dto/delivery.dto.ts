import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { RELATIONSHIPS } from '../../../common/relationship';
import {
  DELIVERY_STATUSES,
  DeliveryStatus,
  RESPONSE_STATUSES,
  ResponseStatus,
} from '../nomination.entity';

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;
}

/** One rater's delivery, for admins (who may see per-rater status, never answers). */
export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) nominationId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: RELATIONSHIPS }) relationship!: string;
  @ApiProperty({ format: 'uuid' }) feedbackRequestId!: string;
  @ApiProperty({ format: 'uuid' }) leaderId!: string;
  @ApiProperty({
    enum: DELIVERY_STATUSES,
    nullable: true,
    description: 'Null while the cycle is a draft',
  })
  status!: DeliveryStatus | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The SMTP server's reply when it failed",
  })
  lastError!: string | null;
  @ApiProperty({
    enum: RESPONSE_STATUSES,
    description: 'Whether the rater answered or declined (never what)',
  })
  responseStatus!: ResponseStatus;
  @ApiProperty({ nullable: true, type: String }) sentAt!: string | null;
  @ApiProperty() remindersSent!: number;
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] }) items!: DeliveryView[];
  @ApiProperty() total!: number;
}

export class QueuedView {
  @ApiProperty({ description: 'How many emails were queued' }) queued!: number;
}
