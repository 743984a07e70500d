import { Chart } from 'cdk8s';

/** Where a writer puts objects: one chart per site, and one for what spans a stretched cluster. */
export interface OutputCharts {
  /** The chart of a site's Kubernetes manifests. */
  forSite(site: string): Chart;
  /** The chart of objects that span a stretched cluster (written to `cluster-wide/`). */
  clusterWide(): Chart;
}
