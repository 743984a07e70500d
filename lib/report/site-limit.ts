/**
 * Above this many sites REPORT.md stops listing or drawing every site: the Sites table lists the
 * sites that hold database members or serve a GSLB zone and counts the others by role, and the
 * picture draws groups (`mermaid.ts`). report.json keeps every site.
 */
export const REPORT_SITE_LIMIT = 30;

/** The most sites the Sites table lists above the limit; the rest are counted. */
export const REPORT_SITES_LISTED = 100;
