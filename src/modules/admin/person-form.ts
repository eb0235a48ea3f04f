import { Role, ROLES } from '../../common/access/role';
import { FormBody, FormErrors, listField, textField } from '../../pages/form-fields';

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  coach: 'Coach',
  leader: 'Leader',
};

/** A person's form as typed (kept when it is shown again with errors). */
export interface PersonForm {
  name: string;
  email: string;
  unitId: string;
  roles: string[];
  managerEmail: string;
}

export function readPersonForm(body: FormBody, email: string | null): PersonForm {
  return {
    name: textField(body, 'name', 400),
    email: email ?? textField(body, 'email', 400),
    unitId: textField(body, 'unitId', 100),
    roles: listField(body, 'roles'),
    managerEmail: email === null ? '' : textField(body, 'managerEmail', 400),
  };
}

export function checkName(typed: string, errors: FormErrors): string {
  const name = typed.replace(/\s+/g, ' ').trim();
  if (name === '') errors.add('name', 'Enter their full name');
  else if (name.length > 200) errors.add('name', 'Full name must be 200 characters or fewer');
  return name;
}

export function checkEmail(typed: string, errors: FormErrors): string {
  const email = typed.trim().toLowerCase();
  if (email === '') errors.add('email', 'Enter an email address');
  else if (!EMAIL.test(email) || email.length > 320)
    errors.add('email', 'Enter an email address in the right format, like name@example.nhs.uk');
  return email;
}

export function checkUnit(
  typed: string,
  units: { id: string }[],
  errors: FormErrors,
): string | null {
  if (typed === '') return null;
  if (!units.some((u) => u.id === typed)) {
    errors.add('unitId', 'Select a unit from the list');
    return null;
  }
  return typed;
}

export function checkRoles(typed: string[], errors: FormErrors): Role[] {
  const roles = typed.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  if (roles.length !== typed.length) errors.add('roles', 'Select roles from the list');
  return roles;
}

export function roleItems(checked: string[]) {
  return ROLES.map((role) => ({
    value: role,
    text: ROLE_LABELS[role],
    checked: checked.includes(role),
  }));
}
