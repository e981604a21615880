import { useEffect, useState } from 'react';
import { api } from '../../api';
import { ImportProgress, RowErrors, type DeliveryImport } from './import-status';

interface Summary extends DeliveryImport {
  createdAt: string;
}

const STATUS: Record<DeliveryImport['status'], string> = {
  receiving: 'Receiving',
  queued: 'Queued',
  running: 'Importing',
  completed: 'Done',
  rejected: 'Rejected',
  failed: 'Failed',
};

/**
 * The last uploads the caller may read (a provider: its own organisations'), newest first; a
 * refused one opens to show what to fix, row by row. Read again whenever `version` (the upload in hand and its state) changes.
 */
export function RecentImports({
  partnershipId,
  version,
}: {
  partnershipId: string;
  version: string;
}) {
  const base = `/v1/partnerships/${partnershipId}/delivery-imports`;
  const [items, setItems] = useState<Summary[] | null>(null);
  const [open, setOpen] = useState<DeliveryImport | null>(null);
  useEffect(() => {
    api<{ data: Summary[] }>(`${base}?limit=10`)
      .then(({ data }) => setItems(data))
      .catch(() => setItems([]));
  }, [base, version]);
  if (!items || items.length === 0) return null;
  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent uploads</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Uploaded (UTC)</th>
            <th scope="col">Status</th>
            <th scope="col">Rows</th>
            <th scope="col">Added</th>
            <th scope="col">Problems</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <th scope="row">{i.fileName ?? 'Unnamed file'}</th>
              <td>{i.createdAt.slice(0, 16).replace('T', ' ')}</td>
              <td>{STATUS[i.status]}</td>
              <td>{i.totalRows}</td>
              <td>{i.insertedRows}</td>
              <td>
                {i.errorCount > 0 ? (
                  <button
                    type="button"
                    className="link"
                    onClick={() => void api<DeliveryImport>(`${base}/${i.id}`).then(setOpen)}
                  >
                    {i.errorCount} problem(s) in {i.fileName ?? 'the file'}: what to fix
                  </button>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <>
          <ImportProgress id="earlier" fileName={open.fileName ?? ''} job={open} />
          <RowErrors
            fileName={open.fileName ?? ''}
            errors={open.errors ?? []}
            total={open.errorCount}
          />
        </>
      )}
    </section>
  );
}
