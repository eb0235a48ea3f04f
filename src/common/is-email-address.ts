import { isEmail, ValidateBy, ValidationOptions } from 'class-validator';
import { hasUnstorableCharacter } from './input-shape';

/**
 * True for an email address. Guarded: validator's isEmail throws ("URI malformed") on half of
 * a UTF-16 surrogate pair, which a JSON string can carry; such text is simply not an address.
 */
export function isEmailAddress(value: unknown): boolean {
  if (typeof value !== 'string' || hasUnstorableCharacter(value)) return false;
  try {
    return isEmail(value);
  } catch {
    return false;
  }
}

/** @IsEmail() that never throws (see isEmailAddress). */
export const IsEmailAddress = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => isEmailAddress(value),
        defaultMessage: () => '$property must be an email',
      },
    },
    options,
  );
