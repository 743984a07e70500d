import { ObjectReference, registryOf } from '../../k8s/references';

/** The API group of the Oracle Database Operator's custom resources. */
const ORACLE_GROUP = 'database.oracle.com';

/**
 * Every Secret, StorageClass and node label one of the Oracle operator's custom resources
 * references, for the apply check: SingleInstanceDatabase (`adminPassword`, `image.pullSecrets`,
 * `security.tcps.tlsSecret`, `persistence.storageClass`) and DataguardBroker
 * (`topology.defaults.adminSecretRef`, `topology.defaults.tcps.clientWalletSecret`,
 * `execution.imagePullSecrets`), field names from the 2.2 CRDs
 * (`../shared/schemas/crds/oracle-database-operator-2.2/`), and both one's `spec.nodeSelector`.
 * Empty for any other object.
 */
export function dataGuardReferences(obj: any): ObjectReference[] {
  const ns: string | undefined = obj.metadata?.namespace;
  const group = String(obj.apiVersion).split('/')[0];
  const out: ObjectReference[] = [];
  if (group === ORACLE_GROUP) {
    // SingleInstanceDatabase and DataguardBroker copy `spec.nodeSelector` onto their pods.
    for (const [k, v] of Object.entries(obj.spec?.nodeSelector ?? {})) out.push({ kind: 'node label', name: `${k}=${v}`, keys: [] });
  }
  if (group === ORACLE_GROUP && obj.kind === 'SingleInstanceDatabase') {
    const s = obj.spec ?? {};
    if (s.adminPassword?.secretName) out.push({ kind: 'Secret', name: s.adminPassword.secretName, namespace: ns, keys: [s.adminPassword.secretKey ?? 'oracle_pwd'], secretType: 'generic' });
    if (s.image?.pullSecrets) out.push({ kind: 'Secret', name: s.image.pullSecrets, namespace: ns, keys: ['.dockerconfigjson'], secretType: 'docker-registry', registry: registryOf(s.image.pullFrom ?? '') });
    if (s.security?.tcps?.tlsSecret) out.push({ kind: 'Secret', name: s.security.tcps.tlsSecret, namespace: ns, keys: ['tls.crt', 'tls.key', 'ca.crt'], secretType: 'tls' });
    out.push({ kind: 'StorageClass', name: s.persistence?.storageClass || '(default)', keys: [] });
  }
  if (group === ORACLE_GROUP && obj.kind === 'DataguardBroker') {
    const d = obj.spec?.topology?.defaults ?? {};
    if (d.adminSecretRef?.secretName) out.push({ kind: 'Secret', name: d.adminSecretRef.secretName, namespace: ns, keys: [d.adminSecretRef.secretKey ?? 'oracle_pwd'], secretType: 'generic' });
    if (d.tcps?.clientWalletSecret) out.push({ kind: 'Secret', name: d.tcps.clientWalletSecret, namespace: ns, keys: ['cwallet.sso'], secretType: 'generic' });
    for (const p of obj.spec?.execution?.imagePullSecrets ?? []) {
      out.push({ kind: 'Secret', name: p, namespace: ns, keys: ['.dockerconfigjson'], secretType: 'docker-registry', registry: registryOf(obj.spec.execution.image ?? '') });
    }
  }
  return out;
}
