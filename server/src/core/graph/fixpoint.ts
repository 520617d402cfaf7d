// The incremental availability fixpoint lives in availability.ts; this module
// keeps the name it was first published under.
export { AvailabilityFixpoint } from './availability';
