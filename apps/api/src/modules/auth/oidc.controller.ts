import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/access.decorators';
import type { AuthedRequest } from '../../common/auth/auth-context';
import {
  OIDC_COOKIE,
  OIDC_COOKIE_PATH,
  SESSION_COOKIE,
  clearCookie,
  cookieOf,
  setCookie,
} from '../../common/auth/session-cookie';
import { ApiConfig } from '../../config/api.config';
import { AuthService } from './auth.service';
import { OIDC_SIGN_IN_TTL_SECONDS, OidcService } from './oidc.service';

/** OpenID Connect single sign-on (404 while it is not configured). */
@ApiTags('sign-in')
@Controller('v1/auth/oidc')
export class OidcController {
  constructor(
    private readonly config: ApiConfig,
    private readonly oidc: OidcService,
    private readonly auth: AuthService,
  ) {}

  @Get('start')
  @Allow('sign-in', 'use')
  @ApiOperation({ summary: 'Go to the identity provider to sign in (single sign-on)' })
  @ApiFoundResponse({ description: 'Redirect to the identity provider' })
  @ApiNotFoundResponse({ description: 'Single sign-on is not configured' })
  async start(@Res() reply: FastifyReply): Promise<void> {
    const { url, binding } = await this.oidc.start();
    await reply
      .status(302)
      .header(
        'set-cookie',
        setCookie(OIDC_COOKIE, binding, OIDC_SIGN_IN_TTL_SECONDS, OIDC_COOKIE_PATH),
      )
      .header('cache-control', 'no-store')
      .header('location', url)
      .send();
  }

  @Get('callback')
  @Allow('sign-in', 'use')
  @ApiOperation({
    summary:
      'Where the identity provider sends the browser back: signs in and redirects to the web app',
  })
  @ApiFoundResponse({ description: 'Signed in: session cookie set, redirect to the web app' })
  @ApiUnauthorizedResponse({
    description: 'The provider’s answer was refused (state, code, token)',
  })
  @ApiForbiddenResponse({ description: 'Email not verified, or no such user here' })
  async callback(@Req() req: AuthedRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    // The binding cookie is spent whatever happens next.
    void reply.header('set-cookie', clearCookie(OIDC_COOKIE, OIDC_COOKIE_PATH));
    const user = await this.oidc.finish(cookieOf(req.headers.cookie, OIDC_COOKIE), query);
    const userAgent = req.headers['user-agent'];
    const opened = await this.auth.openSession(
      user,
      'oidc',
      typeof userAgent === 'string' ? userAgent : null,
    );
    await reply
      .status(302)
      .header('set-cookie', [
        clearCookie(OIDC_COOKIE, OIDC_COOKIE_PATH),
        setCookie(SESSION_COOKIE, opened.token, opened.maxAgeSeconds),
      ])
      .header('cache-control', 'no-store')
      .header('location', this.config.OIDC_SUCCESS_URL)
      .send();
  }
}
