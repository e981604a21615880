import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe(signWebhook.name, () => {
  const secret = 'whsec_0123456789abcdef';
  const body = '{"id":"n1","type":"report.issued"}';

  it('is sha256= and the hex HMAC of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, 1_700_000_000, body)).toBe(`sha256=${expected}`);
  });

  it('verifies what it signs, and nothing changed', () => {
    const signature = signWebhook(secret, 1_700_000_000, body);
    const now = { nowSeconds: 1_700_000_010 };
    expect(verifyWebhook(secret, { signature, timestamp: '1700000000' }, body, now)).toBe(true);
    expect(verifyWebhook(secret, { signature, timestamp: '1700000000' }, `${body} `, now)).toBe(
      false,
    );
    expect(
      verifyWebhook('another-secret-16ch', { signature, timestamp: '1700000000' }, body, now),
    ).toBe(false);
    expect(verifyWebhook(secret, { signature, timestamp: '1700000001' }, body, now)).toBe(false);
  });

  it('refuses an old timestamp (a replay)', () => {
    const signature = signWebhook(secret, 1_700_000_000, body);
    expect(
      verifyWebhook(secret, { signature, timestamp: '1700000000' }, body, {
        nowSeconds: 1_700_000_000 + 301,
      }),
    ).toBe(false);
  });
});
