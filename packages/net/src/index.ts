/**
 * @newswatch/net — outbound HTTP safety shared by feed fetches, hub requests and webhooks:
 * the SSRF guard (one special-purpose range table), the guarded undici agent and `hostOf`.
 * Imports no other newswatch package.
 */
export { assertPublicAddress, classifyAddress, isPublicAddress, type AddressKind, type AddressVerdict } from './address-guard';
export { AddressRefusedError } from './address-refused-error';
export { createGuardedAgent, sharedGuardedAgent, type GuardedAgentOptions } from './guarded-agent';
export { hostOf } from './host-of';
export { SPECIAL_RANGES, type RefusedKind, type RefusedRange, type SpecialRange, type WrapperRange } from './special-ranges';
