// How key ids are shown to people: 64 hex digits in groups of four, so they can be read out
// over the phone and compared with what an administrator or publisher sent. The grouping is
// src/shared/sync/codes.ts's, the same the hub console prints.
export { groupKeyCode as groupKeyid } from '../../../shared/sync/codes';
