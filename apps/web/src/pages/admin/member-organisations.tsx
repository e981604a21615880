import { useState } from 'react';
import { usePartnership } from '../../access';
import { api } from '../../api';
import { useSubmit } from '../../components/use-submit';
import { SelectField } from '../../components/field';
import { asApiError } from '../../components/errors';
import { Done, FormProblem, LoadProblem, useApiData, words } from './form-kit';
import type { ApiError } from '../../api';

export const MEMBER_ROLES = ['commissioner', 'provider', 'funder', 'community'] as const;

interface Organisation {
  id: string;
  name: string;
  kind: string;
}

export interface Member {
  id: string;
  role: string;
  organisation: Organisation;
  joinedAt: string;
}

/**
 * The partnership's member organisations with their roles; a partnership admin adds one from the
 * organisation directory, or removes one.
 */
export function MemberOrganisations({
  members,
  error,
  reload,
}: {
  members: Member[] | null;
  error: ApiError | null;
  reload: () => void;
}) {
  const { partnershipId, can } = usePartnership();
  const manage = can('members:manage');
  const [removeError, setRemoveError] = useState<ApiError | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);

  async function remove(m: Member) {
    setRemoveError(null);
    try {
      await api(`/v1/partnerships/${partnershipId}/members/${m.id}`, { method: 'DELETE' });
      setRemoved(`${m.organisation.name} is no longer a member.`);
      reload();
    } catch (e) {
      setRemoveError(asApiError(e));
    }
  }

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">Member organisations</h2>
      <LoadProblem error={error} />
      {removeError && (
        <p role="alert" className="error">
          {removeError.detail || removeError.title}
        </p>
      )}
      <Done message={removed} />
      {members && members.length === 0 && <p>No organisation is a member yet.</p>}
      {members && members.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Role in the partnership</th>
              <th scope="col">Joined</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <th scope="row">{m.organisation.name}</th>
                <td>{words(m.role)}</td>
                <td>{m.joinedAt.slice(0, 10)}</td>
                {manage && (
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void remove(m)}
                      aria-label={`Remove ${m.organisation.name}`}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage && <AddMemberForm members={members ?? []} onAdded={reload} />}
    </section>
  );
}

function AddMemberForm({ members, onAdded }: { members: Member[]; onAdded: () => void }) {
  const { partnershipId } = usePartnership();
  const directory = useApiData<{ data: Organisation[] }>('/v1/organisations?limit=200');
  const [organisationId, setOrganisationId] = useState('');
  const [role, setRole] = useState('provider');
  const { busy, error, done, onSubmit } = useSubmit(async () => {
    const added = await api<Member>(`/v1/partnerships/${partnershipId}/members`, {
      method: 'POST',
      body: { organisationId, role },
    });
    setOrganisationId('');
    onAdded();
    return `${added.organisation.name} joined as ${words(added.role)}.`;
  });
  const joined = new Set(members.map((m) => m.organisation.id));
  const candidates = (directory.data?.data ?? []).filter((o) => !joined.has(o.id));

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="add-member-heading"
      aria-describedby={error ? 'add-member-problem' : undefined}
    >
      <h3 id="add-member-heading">Add a member organisation</h3>
      <FormProblem id="add-member-problem" error={error} shown={['organisationId', 'role']} />
      <LoadProblem error={directory.error} />
      <SelectField
        id="member-organisation"
        label="Organisation"
        field="organisationId"
        value={organisationId}
        onChange={setOrganisationId}
        error={error}
      >
        <option value="">Choose an organisation</option>
        {candidates.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} ({o.kind})
          </option>
        ))}
      </SelectField>
      <SelectField
        id="member-role"
        label="Member role"
        field="role"
        value={role}
        onChange={setRole}
        error={error}
      >
        {MEMBER_ROLES.map((r) => (
          <option key={r} value={r}>
            {words(r)}
          </option>
        ))}
      </SelectField>
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add the member'}
      </button>
      <Done message={done} />
    </form>
  );
}
