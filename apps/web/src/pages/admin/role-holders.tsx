import { useState } from 'react';
import { usePartnership } from '../../access';
import { api, type ApiError } from '../../api';
import { useSubmit } from '../../components/use-submit';
import { asApiError } from '../../components/errors';
import { Field, SelectField } from '../../components/field';
import { useSession } from '../../session';
import { Done, FormProblem, LoadProblem, useApiData, words } from './form-kit';
import type { Member } from './member-organisations';

const ROLES = ['admin', 'board', 'finance', 'auditor', 'verifier', 'provider'] as const;

interface RoleHolding {
  id: string;
  userId: string;
  email: string;
  role: string;
  organisationId: string | null;
  suspendedAt: string | null;
}

/** Role holdings grouped by person, in the order the API lists them. */
function byPerson(roles: RoleHolding[]): { userId: string; email: string; roles: RoleHolding[] }[] {
  const people = new Map<string, { userId: string; email: string; roles: RoleHolding[] }>();
  for (const r of roles) {
    const p = people.get(r.userId) ?? { userId: r.userId, email: r.email, roles: [] };
    p.roles.push(r);
    people.set(r.userId, p);
  }
  return [...people.values()];
}

/**
 * Who holds which role: revoke a role, disable or re-enable a person here, grant a role (a
 * provider role for a provider member organisation).
 */
export function RoleHolders({ members }: { members: Member[] }) {
  const { partnershipId, can } = usePartnership();
  const me = useSession().user?.id;
  const manage = can('roles:manage');
  const list = useApiData<{ data: RoleHolding[] }>(`/v1/partnerships/${partnershipId}/roles`);
  const roles = list.data?.data ?? null;
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function act(call: () => Promise<unknown>, done: string) {
    setActionError(null);
    try {
      await call();
      setMessage(done);
      list.reload();
    } catch (e) {
      setActionError(asApiError(e));
    }
  }
  const orgName = (id: string | null) =>
    id ? (members.find((m) => m.organisation.id === id)?.organisation.name ?? id) : null;
  const base = `/v1/partnerships/${partnershipId}`;

  return (
    <section aria-labelledby="roles-heading">
      <h2 id="roles-heading">People and their roles</h2>
      <LoadProblem error={list.error} />
      {actionError && (
        <p role="alert" className="error">
          {actionError.errors.map((e) => `${e.field} ${e.reason}`).join('; ') ||
            actionError.detail ||
            actionError.title}
        </p>
      )}
      <Done message={message} />
      {roles && (
        <table>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              {manage && <th scope="col">Access here</th>}
            </tr>
          </thead>
          <tbody>
            {byPerson(roles).map((p) => {
              const suspended = p.roles.every((r) => r.suspendedAt !== null);
              return (
                <tr key={p.userId}>
                  <th scope="row">{p.email}</th>
                  <td>
                    <ul className="plain">
                      {p.roles.map((r) => (
                        <li key={r.id}>
                          {words(r.role)}
                          {r.organisationId && ` for ${orgName(r.organisationId)}`}{' '}
                          {manage && (
                            <button
                              type="button"
                              className="secondary"
                              aria-label={`Revoke ${r.role} from ${p.email}`}
                              onClick={() =>
                                void act(
                                  () => api(`${base}/roles/${r.id}`, { method: 'DELETE' }),
                                  `${p.email} no longer holds the ${r.role} role.`,
                                )
                              }
                            >
                              Revoke
                            </button>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{suspended ? 'Disabled here' : 'Active'}</td>
                  {manage && p.userId === me && <td>You</td>}
                  {manage && p.userId !== me && (
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`${suspended ? 'Re-enable' : 'Disable'} ${p.email}`}
                        onClick={() =>
                          void act(
                            () =>
                              api(`${base}/users/${p.userId}/${suspended ? 'enable' : 'disable'}`, {
                                method: 'POST',
                              }),
                            `${p.email} is ${suspended ? 're-enabled' : 'disabled'} here.`,
                          )
                        }
                      >
                        {suspended ? 'Re-enable' : 'Disable'}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {manage && roles && (
        <GrantRoleForm members={members} known={byPerson(roles)} onGranted={list.reload} />
      )}
    </section>
  );
}

function GrantRoleForm({
  members,
  known,
  onGranted,
}: {
  members: Member[];
  known: { userId: string; email: string }[];
  onGranted: () => void;
}) {
  const { partnershipId, access } = usePartnership();
  // A platform administrator may list every user: suggest them all, not only people here.
  const directory = useApiData<{ data: { id: string; email: string }[] }>(
    access.isPlatformAdmin ? '/v1/users?limit=200' : null,
  );
  const suggestions = new Map(known.map((p) => [p.userId, p.email]));
  for (const u of directory.data?.data ?? []) suggestions.set(u.id, u.email);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState('board');
  const [organisationId, setOrganisationId] = useState('');
  // The provider role acts for a provider member; a board member may represent any member.
  const organisations = members.filter((m) => role === 'board' || m.role === 'provider');
  const orgUsed = role === 'provider' || role === 'board';
  const { busy, error, done, onSubmit } = useSubmit(async () => {
    const granted = await api<RoleHolding>(`/v1/partnerships/${partnershipId}/roles`, {
      method: 'POST',
      body: {
        userId: userId.trim(),
        role,
        organisationId: orgUsed && organisationId ? organisationId : undefined,
      },
    });
    setUserId('');
    onGranted();
    return `${granted.email} now holds the ${granted.role} role.`;
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="grant-heading"
      aria-describedby={error ? 'grant-problem' : undefined}
    >
      <h3 id="grant-heading">Grant a role</h3>
      <FormProblem id="grant-problem" error={error} shown={['userId', 'role', 'organisationId']} />
      <Field
        id="grant-user"
        label="Person (their user id; people already here are suggested)"
        type="text"
        autoComplete="off"
        field="userId"
        value={userId}
        onChange={setUserId}
        error={error}
        list="known-people"
      />
      <datalist id="known-people">
        {[...suggestions].map(([id, email]) => (
          <option key={id} value={id}>
            {email}
          </option>
        ))}
      </datalist>
      <SelectField
        id="grant-role"
        label="Role"
        field="role"
        value={role}
        onChange={setRole}
        error={error}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {words(r)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="grant-organisation"
        label={
          role === 'provider'
            ? 'Provider organisation (required)'
            : 'Member organisation represented (optional)'
        }
        field="organisationId"
        value={orgUsed ? organisationId : ''}
        onChange={setOrganisationId}
        error={error}
        disabled={!orgUsed}
      >
        <option value="">{orgUsed ? 'Choose an organisation' : 'Not used for this role'}</option>
        {orgUsed &&
          organisations.map((m) => (
            <option key={m.id} value={m.organisation.id}>
              {m.organisation.name}
            </option>
          ))}
      </SelectField>
      <button type="submit" disabled={busy}>
        {busy ? 'Granting…' : 'Grant the role'}
      </button>
      <Done message={done} />
    </form>
  );
}
