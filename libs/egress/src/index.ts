export {
  addressAllowed,
  blockedAddressReason,
  parseAllowList,
  type AllowEntry,
} from './address-policy';
export { checkWebhookUrl, egressPolicyOf, type EgressPolicy, type UrlVerdict } from './url-policy';
