import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NamedPort } from './database-services';

/**
 * The headless Service that governs one site's StatefulSet and gives each member its DNS name.
 * It publishes members that are not ready yet: they must find each other to become ready.
 */
export function membersService(
  scope: Construct,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ports: readonly NamedPort[],
): kplus.Service {
  return new kplus.Service(scope, 'members', {
    metadata: { name, namespace, labels },
    clusterIP: 'None',
    publishNotReadyAddresses: true,
    ports: ports.map((p) => ({ name: p.name, port: p.port })),
  });
}
