import { ApiObject, Chart } from 'cdk8s';
import { MANAGED_BY_LABEL_VALUE } from './labels';
import { ServiceExport } from '../imports/multicluster.x-k8s.io';
import { DesignModel } from '../model/design';
import { usesMultiClusterServices } from '../model/member-addresses';

/**
 * With the multi-cluster services API, a `ServiceExport` beside every headless Service the library
 * wrote in a site: exported headless Services give each ready endpoint the name
 * `<pod>.<cluster id>.<service>.<namespace>.svc.clusterset.local` in every cluster of the set
 * (KEP-1645 DNS specification, section 2.4.1). The members' Services publish not-ready addresses,
 * which the EndpointSlice controller marks ready, so members resolve each other before they are
 * ready, as they must to form the database. Written as `multicluster.x-k8s.io/v1alpha1`, the
 * version Submariner, GKE and Cilium serve; mcs-api v0.5.0 serves it beside v1beta1.
 */
export function writeServiceExports(design: DesignModel, chart: Chart): void {
  if (!usesMultiClusterServices(design)) return;
  const headless = chart.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Service')
    .map((o) => o.toJson())
    .filter((s) => s.spec?.clusterIP === 'None' && s.metadata?.labels?.['app.kubernetes.io/managed-by'] === MANAGED_BY_LABEL_VALUE);
  for (const service of headless) {
    const { name, namespace } = service.metadata;
    new ServiceExport(chart, `service-export-${namespace}-${name}`, {
      metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': MANAGED_BY_LABEL_VALUE } },
    });
  }
}
