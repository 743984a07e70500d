import { WrittenNetwork } from '../../lib/check/written-network';

/** The written policies with every ingress rule that admits the write-health pods taken out (the defect a test puts back). */
export function withoutProbeRules(written: WrittenNetwork): WrittenNetwork {
  const admitsProbes = (peer: any) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'write-health';
  const policies = new Map([...written.policies].map(([k, ps]) => [k, ps.map((p) => ({
    ...p, spec: { ...p.spec, ingress: (p.spec?.ingress ?? []).filter((r: any) => !(r.from ?? []).some(admitsProbes)) },
  }))]));
  return { ...written, policies };
}
