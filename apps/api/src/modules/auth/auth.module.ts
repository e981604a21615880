import { Module } from '@nestjs/common';
import { AccountMailer } from './account-mailer';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';

/** Sign-in for people: passwords, sessions, password reset, OpenID Connect single sign-on. */
@Module({
  controllers: [AuthController, OidcController],
  providers: [AuthService, OidcService, AccountMailer],
})
export class AuthModule {}
