/** libs/outcomes' reminders: exported through the package index (src/index.ts). */

export {
  NO_REMINDERS,
  reminderPolicyProblems,
  remindsAnything,
  type ReminderPolicy,
} from './reminder-policy';
export {
  chasedObligations,
  escalationDue,
  obligationStepDue,
  type ChasedObligation,
  type ChasedObligationKind,
  type ObligationStep,
  type ObligationStepInput,
  type ObligationStepKind,
} from './reminder-steps';
