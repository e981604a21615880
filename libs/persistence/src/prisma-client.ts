// The generated Prisma client (prisma generate → prisma/generated/client). Re-exported here so
// nothing else reaches into the generated folder.
export { PrismaClient, Prisma } from '../../../prisma/generated/client/client';
export type * from '../../../prisma/generated/client/client';
export * from '../../../prisma/generated/client/enums';
