import { Injectable, Logger } from '@nestjs/common';
import {
  AuditRepository,
  CredentialRepository,
  Db,
  SessionRepository,
  SignInThrottleRepository,
  UserRepository,
  type Actor,
  type SessionMethod,
  type User,
} from '@ol/persistence';
import { ApiConfig } from '../../config/api.config';
import type { AuthContext } from '../../common/auth/auth-context';
import { csrfTokenOf, hashToken, newToken } from '../../common/auth/session-cookie';
import { ProblemException, ProblemType, RetryLaterException } from '../../common/problems/problem';
import { AccountMailer } from './account-mailer';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords';

/** A session just opened: the cookie's token (shown once) and its CSRF token. */
export interface OpenedSession {
  user: User;
  token: string;
  csrfToken: string;
  maxAgeSeconds: number;
}

/** Reset requests per email address in a lock window before further ones send nothing. */
const RESET_REQUESTS_PER_WINDOW = 3;

const WRONG = 'The email or the password is not right.';

/**
 * Sign-in for people: password sign-in with throttled failures, sessions, password change, reset
 * and setting by a platform admin. The same answer for an unknown email and a wrong password
 * (and the same work: a hash is verified either way).
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly config: ApiConfig,
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly sessions: SessionRepository,
    private readonly throttles: SignInThrottleRepository,
    private readonly audit: AuditRepository,
    private readonly mailer: AccountMailer,
  ) {}

  async signIn(
    email: string,
    password: string,
    client: { address: string; userAgent: string | null },
  ): Promise<OpenedSession> {
    const address = email.trim().toLowerCase();
    const keys = { email: `email:${address}`, address: `address:${client.address}` };
    await this.refuseIfLocked([keys.email, keys.address]);

    const user = await this.users.findByEmail(address);
    const stored = user ? await this.credentials.passwordHashOf(user.id) : null;
    const matches = await verifyPassword(password, stored ?? (await this.dummy()));
    if (!user || !stored || !matches || user.disabledAt) {
      await this.throttles.fail(
        keys.email,
        this.config.SIGN_IN_MAX_FAILURES_PER_EMAIL,
        this.config.SIGN_IN_LOCK_MINUTES,
      );
      await this.throttles.fail(
        keys.address,
        this.config.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
        this.config.SIGN_IN_LOCK_MINUTES,
      );
      this.logger.log({ email: address, address: client.address }, 'sign-in refused');
      throw new ProblemException({
        type: ProblemType.SignInFailed,
        title: 'Authentication required',
        status: 401,
        detail: WRONG,
      });
    }
    await this.throttles.clear(keys.email);
    if (needsRehash(stored))
      await this.credentials.setPassword(user.id, await hashPassword(password));
    return this.openSession(user, 'password', client.userAgent);
  }

  /** Opens a session for a user already identified (password or single sign-on). */
  async openSession(
    user: User,
    method: SessionMethod,
    userAgent: string | null,
  ): Promise<OpenedSession> {
    const token = newToken();
    const maxAgeSeconds = this.config.SESSION_MAX_AGE_HOURS * 3600;
    await this.sessions.create({
      userId: user.id,
      tokenHash: hashToken(token),
      method,
      expiresAt: new Date(Date.now() + maxAgeSeconds * 1000),
      userAgent: userAgent?.slice(0, 500) ?? null,
    });
    this.logger.log({ userId: user.id, method }, 'signed in');
    return { user, token, csrfToken: csrfTokenOf(token), maxAgeSeconds };
  }

  async signOut(auth: AuthContext): Promise<void> {
    if (auth.session) await this.sessions.revoke(auth.session.id);
  }

  async currentUser(auth: AuthContext): Promise<User> {
    const user = await this.users.findById(auth.userId);
    if (!user) throw ProblemException.notFound('User');
    return user;
  }

  /** The caller changes their password (the current one needed); their other sessions end. */
  async changePassword(
    auth: AuthContext,
    actor: Actor,
    current: string,
    next: string,
  ): Promise<void> {
    const user = await this.currentUser(auth);
    this.checkPolicy(next, user.email, 'newPassword');
    const emailKey = `email:${user.email}`;
    await this.refuseIfLocked([emailKey]);
    const stored = await this.credentials.passwordHashOf(user.id);
    if (!stored || !(await verifyPassword(current, stored))) {
      await this.throttles.fail(
        emailKey,
        this.config.SIGN_IN_MAX_FAILURES_PER_EMAIL,
        this.config.SIGN_IN_LOCK_MINUTES,
      );
      throw ProblemException.forbidden(
        'The current password is not right.',
        ProblemType.WrongPassword,
      );
    }
    const hash = await hashPassword(next);
    await this.db.transaction(async () => {
      await this.credentials.setPassword(user.id, hash);
      await this.credentials.spendResetTokens(user.id);
      await this.sessions.revokeAllOf(user.id, auth.session?.id ?? null);
      await this.audit.recordPlatform(actor, {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  /** A platform admin sets a user's password (an initial one, or after a loss); sessions end. */
  async setPassword(actor: Actor, userId: string, password: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw ProblemException.notFound('User');
    this.checkPolicy(password, user.email, 'password');
    const hash = await hashPassword(password);
    await this.db.transaction(async () => {
      await this.credentials.setPassword(user.id, hash);
      await this.credentials.spendResetTokens(user.id);
      await this.sessions.revokeAllOf(user.id);
      await this.audit.recordPlatform(actor, {
        action: 'user.password_set',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  /**
   * Sends a reset link if the address has an enabled account (and fewer than three were asked
   * for in the window); says nothing either way. The token is stored hashed, expires, and works
   * once; the email is sent after the answer.
   */
  async requestReset(email: string): Promise<void> {
    const address = email.trim().toLowerCase();
    const key = `reset:${address}`;
    if (await this.throttles.lockedUntil([key])) return;
    await this.throttles.fail(key, RESET_REQUESTS_PER_WINDOW, this.config.SIGN_IN_LOCK_MINUTES);
    const user = await this.users.findByEmail(address);
    if (!user || user.disabledAt) return;
    const token = newToken();
    const minutes = this.config.PASSWORD_RESET_TTL_MINUTES;
    await this.credentials.addResetToken(
      user.id,
      hashToken(token),
      new Date(Date.now() + minutes * 60_000),
    );
    const link = `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/app/reset-password#token=${token}`;
    this.mailer.send({
      to: user.email,
      subject: 'Reset your Outcomes Ledger password',
      text: [
        `Hello ${user.name},`,
        '',
        'Someone (we hope you) asked to reset the password of your Outcomes Ledger account.',
        `To choose a new password, open this link within ${minutes} minutes:`,
        '',
        link,
        '',
        `Or send this token with your new password to POST /v1/auth/password-reset/confirm: ${token}`,
        '',
        'The link works once. If you did not ask for it, ignore this email: your password is unchanged.',
      ].join('\n'),
    });
  }

  /** Uses a reset token: sets the password, ends every session, spends the user's other tokens. */
  async confirmReset(actor: Actor, token: string, password: string): Promise<void> {
    const userId = await this.db.transaction(async () => {
      const id = await this.credentials.useResetToken(hashToken(token));
      if (!id) return null;
      const user = await this.users.findById(id);
      if (!user || user.disabledAt) return null;
      // The policy is checked before the token is spent: the transaction rolls back on a refusal.
      this.checkPolicy(password, user.email, 'password');
      await this.credentials.setPassword(user.id, await hashPassword(password));
      await this.sessions.revokeAllOf(user.id);
      await this.throttles.clear(`email:${user.email}`);
      await this.audit.recordPlatform(
        { ...actor, userId: user.id },
        { action: 'user.password_reset', entityType: 'user', entityId: user.id },
      );
      return user.id;
    });
    if (!userId) {
      throw ProblemException.validation(
        [{ field: 'token', reason: 'is not valid: it has expired, been used, or never existed' }],
        'The reset link is not valid; ask for a new one.',
      );
    }
  }

  private checkPolicy(password: string, email: string, field: string): void {
    const problem = passwordProblem(password, email);
    if (problem) {
      throw ProblemException.validation([{ field, reason: problem }], 'The password is refused.');
    }
  }

  private async refuseIfLocked(keys: string[]): Promise<void> {
    const until = await this.throttles.lockedUntil(keys);
    if (until) {
      throw new RetryLaterException(
        'Too many failed sign-ins; try again later.',
        (until.getTime() - Date.now()) / 1000,
      );
    }
  }

  /** A hash to verify against when there is no user or no password, so both take as long. */
  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(newToken());
    return this.dummyHash;
  }
}
