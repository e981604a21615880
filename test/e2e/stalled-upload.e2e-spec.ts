import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createOrganisation, createPartnership, createUserWithKey, grantRole } from '../factories';
import { waitFor } from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * A client that starts a delivery-import upload and then goes silent (a laptop closed, a network
 * gone) must not hold the import's COPY, and with it a database connection, for ever: the API
 * closes a connection silent for SOCKET_IDLE_TIMEOUT_MS, the import is marked failed and no COPY
 * is left running.
 */
describe('a stalled upload (HTTP over a raw socket, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await createTestApp({ SOCKET_IDLE_TIMEOUT_MS: '1000' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
  });
  afterAll(() => app.close());

  it('is cut off after the idle timeout: the import fails and its COPY is gone', async () => {
    const pid = (await createPartnership(prisma)).id;
    const org = (await createOrganisation(prisma, 'provider')).id;
    await prisma.member.create({
      data: { partnershipId: pid, organisationId: org, role: 'provider' },
    });
    await prisma.outcome.create({
      data: { partnershipId: pid, code: 'JOBS-1', theme: 'Jobs', title: 'Jobs', unit: 'people' },
    });
    const provider = await createUserWithKey(prisma);
    await grantRole(prisma, pid, provider.userId, 'provider', org);

    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    let closedAt = 0;
    const closed = new Promise<void>((resolve) =>
      socket.once('close', () => {
        closedAt = Date.now();
        resolve();
      }),
    );
    socket.on('error', () => undefined);
    const rows = ['outcomeCode,activityDate,quantity,externalRef,evidenceRef,evidenceGrade'];
    for (let i = 0; i < 200; i++) rows.push(`JOBS-1,2026-05-01,1,stall-${i},,`);
    const part = `${rows.join('\n')}\n`;
    const headers = Object.entries(provider.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    // Promises a megabyte, sends a few kilobytes, then nothing.
    socket.write(
      `POST /v1/partnerships/${pid}/delivery-imports HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\ncontent-type: text/csv\r\ncontent-length: 1000000\r\n\r\n${part}`,
    );
    const sentAt = Date.now();
    const imported = await waitFor(
      async () =>
        (await prisma.deliveryImport.findFirst({ where: { partnershipId: pid } })) ?? undefined,
      10_000,
      'the import row',
    );
    expect(imported.status).toBe('receiving');

    await closed;
    // Closed by the server after about a second of silence, not at once and not never.
    expect(closedAt - sentAt).toBeGreaterThanOrEqual(900);
    expect(closedAt - sentAt).toBeLessThan(10_000);
    const failed = await waitFor(
      async () => {
        const i = await prisma.deliveryImport.findUniqueOrThrow({
          where: { partnershipId_id: { partnershipId: pid, id: imported.id } },
        });
        return i.status === 'failed' ? i : undefined;
      },
      10_000,
      'the import marked failed',
    );
    expect(failed.status).toBe('failed');
    // No COPY left waiting on the vanished client.
    const copies = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND query ILIKE 'COPY%' AND state <> 'idle'`;
    expect(Number(copies[0].n)).toBe(0);
    expect(await prisma.deliveryRecord.count({ where: { partnershipId: pid } })).toBe(0);
  });
});
