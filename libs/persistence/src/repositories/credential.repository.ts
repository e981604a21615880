import { Injectable } from '@nestjs/common';
import { Db } from '../db';

/** Password hashes and password-reset tokens of users (hashes only). */
@Injectable()
export class CredentialRepository {
  constructor(private readonly db: Db) {}

  async passwordHashOf(userId: string): Promise<string | null> {
    const row = await this.db.client.userPassword.findUnique({ where: { userId } });
    return row?.hash ?? null;
  }

  async setPassword(userId: string, hash: string): Promise<void> {
    await this.db.client.userPassword.upsert({
      where: { userId },
      create: { userId, hash },
      update: { hash, changedAt: new Date() },
    });
  }

  async addResetToken(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.db.client.passwordResetToken.create({ data: { userId, tokenHash, expiresAt } });
  }

  /**
   * Uses a reset token: marks it used if it is unused and unexpired, and returns its user (null
   * otherwise). Every other unused token of that user is spent with it.
   */
  async useResetToken(tokenHash: string): Promise<string | null> {
    const rows = await this.db.client.$queryRaw<{ userId: string }[]>`
      UPDATE password_reset_tokens SET used_at = now()
       WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > now()
      RETURNING user_id::text AS "userId"`;
    const userId = rows[0]?.userId ?? null;
    if (userId) await this.spendResetTokens(userId);
    return userId;
  }

  /** Spends every unused reset token of the user (after a password change or reset). */
  async spendResetTokens(userId: string): Promise<void> {
    await this.db.client.$executeRaw`
      UPDATE password_reset_tokens SET used_at = now()
       WHERE user_id = ${userId}::uuid AND used_at IS NULL`;
  }
}
