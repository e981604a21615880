import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import type { FastifyReply } from 'fastify';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentActor,
  CurrentAuth,
  type AuthContext,
  type AuthedRequest,
} from '../../common/auth/auth-context';
import { SESSION_COOKIE, clearCookie, setCookie } from '../../common/auth/session-cookie';
import { UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { ProblemException, ProblemType } from '../../common/problems/problem';
import { UserResponse } from '../users/dto/user.dto';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SessionResponse,
  SetPasswordDto,
  SignInDto,
} from './dto/auth.dto';

/**
 * Sign-in for people: a session cookie (Secure, HttpOnly, SameSite=Lax) and its CSRF token, for
 * the web app. Systems keep using API keys. See docs/adr/0017-sign-in-sessions.md.
 */
@ApiTags('sign-in')
@Controller('v1')
export class AuthController {
  constructor(private readonly service: AuthService) {}

  @Post('auth/sign-in')
  @Allow('sign-in', 'use')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in with email and password: sets the session cookie and returns the CSRF token to send with unsafe requests',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ description: 'The email or the password is not right' })
  @ApiTooManyRequestsResponse({ description: 'Too many failures for this email or address' })
  async signIn(
    @Body() dto: SignInDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    const userAgent = req.headers['user-agent'];
    const opened = await this.service.signIn(dto.email, dto.password, {
      address: req.ip,
      userAgent: typeof userAgent === 'string' ? userAgent : null,
    });
    void reply.header('set-cookie', setCookie(SESSION_COOKIE, opened.token, opened.maxAgeSeconds));
    void reply.header('cache-control', 'no-store');
    return { user: UserResponse.from(opened.user), csrfToken: opened.csrfToken };
  }

  @Get('auth/session')
  @Authenticated()
  @Allow('account', 'read')
  @ApiOperation({ summary: 'The signed-in person and the session’s CSRF token (401: no session)' })
  @ApiOkResponse({ type: SessionResponse })
  async session(
    @CurrentAuth() auth: AuthContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    if (!auth.session) {
      throw new ProblemException({
        type: ProblemType.NoSession,
        title: 'Authentication required',
        status: 401,
        detail: 'There is no session: this request used an API key.',
      });
    }
    void reply.header('cache-control', 'no-store');
    const user = await this.service.currentUser(auth);
    return { user: UserResponse.from(user), csrfToken: auth.session.csrfToken };
  }

  @Post('auth/sign-out')
  @Authenticated()
  @Allow('account', 'update')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session (cookie requests need the CSRF token)' })
  @ApiNoContentResponse()
  async signOut(
    @CurrentAuth() auth: AuthContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.service.signOut(auth);
    void reply.header('set-cookie', clearCookie(SESSION_COOKIE));
  }

  @Post('auth/password')
  @Authenticated()
  @Allow('account', 'update')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your password (the current one needed); your other sessions end',
  })
  @ApiNoContentResponse()
  async changePassword(
    @CurrentAuth() auth: AuthContext,
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.service.changePassword(auth, actor, dto.currentPassword, dto.newPassword);
  }

  @Post('auth/password-reset')
  @Allow('sign-in', 'use')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Ask for a password-reset email. Always 202: whether the address has an account is not told',
  })
  @ApiAcceptedResponse()
  async requestReset(@Body() dto: PasswordResetRequestDto): Promise<void> {
    await this.service.requestReset(dto.email);
  }

  @Post('auth/password-reset/confirm')
  @Allow('sign-in', 'use')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the token from the reset email; every session ends',
  })
  @ApiNoContentResponse()
  async confirmReset(
    @CurrentActor() actor: Actor,
    @Body() dto: PasswordResetConfirmDto,
  ): Promise<void> {
    await this.service.confirmReset(actor, dto.token, dto.password);
  }

  @Put('users/:userId/password')
  @Authenticated()
  @Allow('users', 'set-password')
  @UuidParam('userId')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Set a user’s password (platform admin): an initial one, or after a loss; their sessions end',
  })
  @ApiNoContentResponse()
  async setPassword(
    @CurrentActor() actor: Actor,
    @Param('userId', UuidPipe) userId: string,
    @Body() dto: SetPasswordDto,
  ): Promise<void> {
    await this.service.setPassword(actor, userId, dto.password);
  }
}
