import { loadConfig } from '@ol/config';
import type { SessionRepository, UserRepository } from '@ol/persistence';
import { ApiConfig } from '../../config/api.config';
import { OidcService } from './oidc.service';

const service = (env: Record<string, string>): OidcService =>
  new OidcService(loadConfig(ApiConfig, env), {} as SessionRepository, {} as UserRepository);

describe('OidcService configuration', () => {
  it('is off with nothing set, and on with issuer, client id and redirect URL', () => {
    expect(() => service({}).onModuleInit()).not.toThrow();
    expect(loadConfig(ApiConfig, {}).oidcEnabled).toBe(false);
    const on = {
      OIDC_ISSUER_URL: 'https://login.example.org/tenant/v2.0',
      OIDC_CLIENT_ID: 'ledger',
      OIDC_REDIRECT_URL: 'https://ledger.example.org/v1/auth/oidc/callback',
    };
    expect(() => service(on).onModuleInit()).not.toThrow();
    expect(loadConfig(ApiConfig, on).oidcEnabled).toBe(true);
  });

  it('refuses to start with only part of it set', () => {
    expect(() => service({ OIDC_ISSUER_URL: 'https://login.example.org' }).onModuleInit()).toThrow(
      /set together or not at all/,
    );
  });

  it('answers 404 while off', async () => {
    await expect(service({}).start()).rejects.toMatchObject({ problem: { status: 404 } });
  });
});
