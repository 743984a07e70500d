import * as kplus from 'cdk8s-plus-28';

/** The uid and gid non-root images of the engines run as. */
export const NON_ROOT_ID = 1000;

/** Pod-level settings that Pod Security `restricted` admits. */
export const RESTRICTED_POD_SECURITY: kplus.PodSecurityContextProps = {
  ensureNonRoot: true,
  user: NON_ROOT_ID,
  group: NON_ROOT_ID,
  fsGroup: NON_ROOT_ID,
  fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
};

/** Container-level settings that Pod Security `restricted` admits. */
export const RESTRICTED_CONTAINER_SECURITY: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  user: NON_ROOT_ID,
  group: NON_ROOT_ID,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: [kplus.Capability.ALL] },
  seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
};
