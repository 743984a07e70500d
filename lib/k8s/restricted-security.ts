import * as kplus from 'cdk8s-plus-28';

/** The uid and gid non-root images of the engines run as. */
export const NON_ROOT_ID = 1000;

/** Pod-level settings that Pod Security `restricted` admits, for an image that runs as `uid`. */
export function restrictedPodSecurity(uid: number = NON_ROOT_ID): kplus.PodSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: uid,
    group: uid,
    fsGroup: uid,
    fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
  };
}

/** Container-level settings that Pod Security `restricted` admits, for an image that runs as `uid`. */
export function restrictedContainerSecurity(uid: number = NON_ROOT_ID): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: uid,
    group: uid,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}
