/** The findings that `check()` returns, as users see them. */
export { Severity } from './core/types';
export type { ComputedFix, Finding, FixSiteVotes } from './core/types';
