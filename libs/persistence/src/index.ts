export * from './prisma-client';
export { Db, type Tx } from './db';
export { PrismaService } from './prisma.service';
export { createPool, isPoolTimeout } from './pool';
export { PersistenceModule } from './persistence.module';
export {
  migrate,
  readMigrations,
  checksumOf,
  ensureDatabase,
  dropDatabase,
  MigrationError,
} from './migrate/migrator';
export type { MigrateResult, MigrationFile } from './migrate/migrator';
export type { PageRequest, Paged } from './repositories/paging';
export { ApiKeyRepository, type ApiKeyWithUser } from './repositories/api-key.repository';
export { AuditRepository, type Actor, type AuditEntry } from './repositories/audit.repository';
export { IdempotencyRepository } from './repositories/idempotency.repository';
export {
  MemberRepository,
  type MemberWithOrganisation,
  type MemberFilter,
} from './repositories/member.repository';
export {
  OrganisationRepository,
  type OrganisationFilter,
  type NewOrganisation,
} from './repositories/organisation.repository';
export {
  PartnershipRepository,
  type PartnershipFilter,
  type PartnershipData,
} from './repositories/partnership.repository';
export { UserRoleRepository, type UserRoleWithUser } from './repositories/user-role.repository';
export { UserRepository, type NewUser } from './repositories/user.repository';
