/** The findings that `check()` returns, as users see them. */
export { Severity } from './core/types';
export type { Finding } from './core/types';
