import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** Above this TTL, DNS failover is slow enough to notice. */
export const GSLB_TTL_BUDGET_SECONDS = 60;

/** DNS failover is not instant: a long TTL makes it slower still. */
export const gslbTtl: Rule = {
  id: 'MS-GSLB-TTL',
  summary: 'a GSLB TTL above 60 s (clients cache past it and need retries)',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'After a site is lost, resolvers and clients keep its address for the TTL and often longer (JVMs, ISP resolvers), so clients keep failing until their caches expire.',
  check(design: AnalyzedDesign): Violation[] {
    return design.gslbZones
      .filter((z) => z.ttlSeconds > GSLB_TTL_BUDGET_SECONDS)
      .map((z) => ({
        path: z.path,
        message: `${z.zone} answers with a ${z.ttlSeconds} s TTL, above ${GSLB_TTL_BUDGET_SECONDS} s.`,
        fix: `Lower ttl to ${GSLB_TTL_BUDGET_SECONDS} s or less, and make clients retry on connection errors and re-resolve (resolvers and clients cache past the TTL); acknowledge MS-GSLB-TTL with that reason otherwise.`,
      }));
  },
};
