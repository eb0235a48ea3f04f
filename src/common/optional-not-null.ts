import { applyDecorators } from '@nestjs/common';
import { IsDefined, ValidateIf } from 'class-validator';

/**
 * May be left out, but `null` is refused (400): for a field the record cannot be without, where
 * class-validator's @IsOptional would let `null` through to the database.
 */
export const OptionalNotNull = (): PropertyDecorator =>
  applyDecorators(
    ValidateIf((_object: unknown, value: unknown) => value !== undefined),
    IsDefined({ message: '$property may be left out, but cannot be null' }),
  );
