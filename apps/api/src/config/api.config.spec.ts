import { ConfigError, loadConfig } from '@ol/config';
import { ApiConfig, corsOrigins } from './api.config';

describe('ApiConfig CORS_ORIGINS', () => {
  it('is closed by default', () => {
    expect(corsOrigins(loadConfig(ApiConfig, {}))).toEqual([]);
  });

  it.each([
    ['https://ledger.example.org', ['https://ledger.example.org']],
    [
      ' https://ledger.example.org , http://localhost:5173',
      ['https://ledger.example.org', 'http://localhost:5173'],
    ],
    ['', []],
  ])('reads %j as %j', (value, origins) => {
    expect(corsOrigins(loadConfig(ApiConfig, { CORS_ORIGINS: value }))).toEqual(origins);
  });

  it.each([
    'ledger.example.org',
    'https://ledger.example.org/',
    'https://ledger.example.org/app',
    '*',
    'https://a.example.org,,https://b.example.org',
    'https://a.example.org;https://b.example.org',
  ])('refuses %j, naming the variable', (value) => {
    expect(() => loadConfig(ApiConfig, { CORS_ORIGINS: value })).toThrow(ConfigError);
    expect(() => loadConfig(ApiConfig, { CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
  });
});

describe('ApiConfig rate limits', () => {
  it('defaults to 600 a minute per key and 6000 per address', () => {
    const config = loadConfig(ApiConfig, {});
    expect(config.RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE).toBe(6000);
  });

  it('refuses a limit below 1', () => {
    expect(() => loadConfig(ApiConfig, { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0' })).toThrow(
      /RATE_LIMIT_PER_ADDRESS_PER_MINUTE/,
    );
  });
});
