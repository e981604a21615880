import type { ReportSensitivitySettings, SensitivityParameter } from '@ol/outcomes';

/** The database's names of sensitivity parameters → the report's. */
const PARAMETER_OF: Readonly<Record<string, SensitivityParameter>> = {
  deadweight: 'deadweight',
  attribution: 'attribution',
  displacement: 'displacement',
  drop_off: 'dropOff',
  value_per_unit: 'proxyValue',
  duration: 'duration',
  investment: 'investment',
};

/** [cases as [parameter, change][], grid as [rowParameter, rowChanges, columnParameter, columnChanges] or null]. */
export type SensitivityTuple = [[string, string][], [string, string[], string, string[]] | null];

const changesOf = (column: string) =>
  `(SELECT json_agg(trim_scale(c)::text ORDER BY n) FROM unnest(${column}) WITH ORDINALITY AS u(c, n))`;

/**
 * A partnership's sensitivity settings as one JSON value ({@link SensitivityTuple}), for a
 * statement whose $1 is the partnership: changes as Prisma's Decimal gives them (`trim_scale`).
 */
export const SENSITIVITY_SETTINGS_SQL = `json_build_array(
    (SELECT coalesce(json_agg(json_build_array(parameter, trim_scale(change)::text) ORDER BY position), '[]')
       FROM sensitivity_cases WHERE partnership_id = $1::uuid),
    (SELECT json_build_array(row_parameter, ${changesOf('row_changes')}, column_parameter,
                             ${changesOf('column_changes')})
       FROM sensitivity_grids WHERE partnership_id = $1::uuid))`;

/** The settings a report reads, from {@link SENSITIVITY_SETTINGS_SQL}. */
export function sensitivityOf([cases, grid]: SensitivityTuple): ReportSensitivitySettings {
  return {
    cases: cases.map(([parameter, change]) => ({ parameter: PARAMETER_OF[parameter], change })),
    grid: grid && {
      rows: { parameter: PARAMETER_OF[grid[0]], changes: grid[1] },
      columns: { parameter: PARAMETER_OF[grid[2]], changes: grid[3] },
    },
  };
}
