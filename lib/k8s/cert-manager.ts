import { Construct } from 'constructs';
import { workloadLabels } from './labels';
import * as cm from '../imports/cert-manager.io';

/** A certificate the cluster's CA issues into a Secret. */
export interface IssuedCertificate {
  readonly id: string;
  readonly secretName: string;
  readonly commonName: string;
  readonly dnsNames?: readonly string[];
  /** `server auth` and/or `client auth`. */
  readonly usages: readonly ('server auth' | 'client auth')[];
}

/**
 * A cert-manager Issuer backed by the CA Secret the user provides (the same CA in every site,
 * so members of different sites trust each other), and the Certificates it issues. The Secrets
 * hold `tls.crt`, `tls.key` and `ca.crt`; nothing secret is in the manifests.
 */
export function writeCertificates(
  scope: Construct,
  cluster: string,
  namespace: string,
  caSecret: string,
  certificates: readonly IssuedCertificate[],
): void {
  const labels = workloadLabels('cert-manager', cluster, 'certificates');
  const issuer = new cm.Issuer(scope, 'issuer', {
    metadata: { name: `${cluster}-ca`, namespace, labels },
    spec: { ca: { secretName: caSecret } },
  });
  for (const c of certificates) {
    const cert = new cm.Certificate(scope, c.id, {
      metadata: { name: c.secretName, namespace, labels },
      spec: {
        secretName: c.secretName,
        commonName: c.commonName,
        ...(c.dnsNames ? { dnsNames: [...c.dnsNames] } : {}),
        duration: '2160h',
        renewBefore: '360h',
        privateKey: {
          algorithm: cm.CertificateSpecPrivateKeyAlgorithm.ECDSA,
          size: 256,
          rotationPolicy: cm.CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
        },
        usages: c.usages.map((u) => (u === 'server auth' ? cm.CertificateSpecUsages.SERVER_AUTH : cm.CertificateSpecUsages.CLIENT_AUTH)),
        issuerRef: { name: issuer.name, kind: 'Issuer', group: 'cert-manager.io' },
      },
    });
    cert.node.addDependency(issuer);
  }
}
