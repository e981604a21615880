import { hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('verifies the password it hashed, and no other', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$/);
    await expect(verifyPassword('correct horse battery', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', hash)).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password!'),
      hashPassword('same password!'),
    ]);
    expect(a).not.toBe(b);
  });

  it('verifies hashes made with the parameters stored in them, and asks to re-hash weaker ones', async () => {
    const weak = await hashPassword('older password', { log2N: 12, r: 8, p: 1 });
    await expect(verifyPassword('older password', weak)).resolves.toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('newer password'))).toBe(false);
  });

  it.each([
    '',
    'plain',
    'scrypt$15$8$1$short$short',
    'scrypt$40$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43),
  ])('treats a malformed stored hash %p as no match', async (stored) => {
    await expect(verifyPassword('whatever password', stored)).resolves.toBe(false);
  });
});

describe('password policy', () => {
  it.each([
    ['elevenchars', 'must be at least 12 characters long'],
    ['x'.repeat(201), 'must be at most 200 characters long'],
    ['Jo.Bloggs@Example.org', 'must not be your email address'],
    ['jo.bloggs@example.org', 'must not be your email address'],
    ['x'.repeat(12), null],
    ['a long passphrase', null],
  ])('%p → %p', (password, problem) => {
    expect(passwordProblem(password, 'jo.bloggs@example.org')).toBe(problem);
  });

  it('refuses the part before the @ when it is long enough to pass the length rule', () => {
    expect(passwordProblem('jonathan.bloggs', 'jonathan.bloggs@example.org')).toBe(
      'must not be your email address',
    );
  });
});
