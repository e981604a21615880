import { usePartnership } from '../../access';
import { useApiData } from './form-kit';
import { MemberOrganisations, type Member } from './member-organisations';
import { RoleHolders } from './role-holders';

/** Set-up: the member organisations and who holds which role (partnership admin). */
export function MembersPage() {
  const { partnershipId, can } = usePartnership();
  const members = useApiData<{ data: Member[] }>(
    `/v1/partnerships/${partnershipId}/members?limit=200`,
  );
  return (
    <main>
      <h1>Members and roles</h1>
      <MemberOrganisations
        members={members.data?.data ?? null}
        error={members.error}
        reload={members.reload}
      />
      {can('roles:read') && <RoleHolders members={members.data?.data ?? []} />}
    </main>
  );
}
