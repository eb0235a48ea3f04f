import { OutboxMessage } from '../modules/outbox/outbox-message.entity';
import { Organisation } from '../modules/organisations/organisation.entity';
import { Person } from '../modules/organisations/person.entity';
import { Unit } from '../modules/organisations/unit.entity';
import { SignInLink } from '../modules/auth/sign-in-link.entity';

/** Every entity, for the app's DataSource and the TypeORM CLI alike. */
export const entities = [Organisation, Unit, Person, SignInLink, OutboxMessage];
