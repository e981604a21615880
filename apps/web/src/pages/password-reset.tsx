import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api, ApiError } from '../api';
import { Field } from '../components/field';
import { useSubmit } from '../components/use-submit';

/** Asks for a reset link by email. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { error, onSubmit } = useSubmit(
    () => api<void>('/v1/auth/password-reset', { method: 'POST', body: { email } }),
    () => setSent(true),
  );

  return (
    <main className="narrow">
      <h1>Reset your password</h1>
      {sent ? (
        <p role="status">
          If an account has the address {email}, we have sent it a link to set a new password.
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          {error && error.errors.length === 0 && (
            <p role="alert" className="error">
              {error.detail || error.title}
            </p>
          )}
          <Field
            id="email"
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            error={error}
          />
          <button type="submit">Send the link</button>
        </form>
      )}
      <p>
        <Link to="/app/sign-in">Back to sign in</Link>
      </p>
    </main>
  );
}

/**
 * Sets a new password with the token of a reset link (`/app/reset-password#token=…`: the token is
 * in the fragment, so it never reaches a server log). What was typed stays on a refusal.
 */
export function ResetPasswordPage() {
  const location = useLocation();
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const { error, onSubmit } = useSubmit(
    async () => {
      if (password !== again)
        throw new ApiError(422, 'Invalid', 'The two passwords differ.', [
          { field: 'again', reason: 'must be the same password again' },
        ]);
      await api<void>('/v1/auth/password-reset/confirm', {
        method: 'POST',
        body: { token, password },
      });
    },
    () => setDone(true),
  );

  if (done) {
    return (
      <main className="narrow">
        <h1>Your password is set</h1>
        <p role="status">Sign in with your new password.</p>
        <p>
          <Link to="/app/sign-in">Sign in</Link>
        </p>
      </main>
    );
  }
  const tokenProblem = error?.forField('token') ?? [];
  return (
    <main className="narrow">
      <h1>Choose a new password</h1>
      {!token && (
        <p role="alert" className="error">
          This page needs the link from the reset email.
        </p>
      )}
      <form onSubmit={onSubmit} noValidate>
        {error && (tokenProblem.length > 0 || error.errors.length === 0) && (
          <p role="alert" className="error">
            {tokenProblem.length
              ? 'The link is not valid any more: ask for a new one.'
              : error.detail || error.title}
          </p>
        )}
        <Field
          id="password"
          label="New password (at least 12 characters)"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={error}
        />
        <Field
          id="again"
          label="The same password again"
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={setAgain}
          error={error}
        />
        <button type="submit" disabled={!token}>
          Set the password
        </button>
      </form>
      <p>
        <Link to="/app/forgot-password">Ask for a new link</Link>
      </p>
    </main>
  );
}
