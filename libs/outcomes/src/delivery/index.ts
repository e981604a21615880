/** libs/outcomes' delivery: exported through the package index (src/index.ts). */

export { RecordFitError, checkRecordFits, recordFitProblems, type RecordClaim } from './record-fit';
export {
  CorrectionError,
  planCorrection,
  type CorrectedRecord,
  type CorrectionPlan,
  type CorrectionRefusal,
  type CorrectionRequest,
  type RecordFacts,
} from './correction';
