import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** `cdk8s.io/metadata.addr` as a JSON pointer segment (`/` is written `~1`). */
const ADDRESS_LABEL_POINTER = kplus.Pod.ADDRESS_LABEL.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Keeps cdk8s-plus's construct-address label out of a workload's pods and, when given, out of the
 * Service that governs it, which then selects the workload's own labels instead.
 *
 * cdk8s-plus labels every pod template with `cdk8s.io/metadata.addr`, a hash of the construct
 * path, and a StatefulSet makes its Service select by it. The hash changes whenever a construct
 * is renamed or moved, in the app or in this library, and a changed pod label restarts every pod
 * of a StatefulSet; a Job's template cannot be changed at all, so the apply fails.
 */
export function useStableSelectors(workload: kplus.Workload, governingService?: kplus.Service): void {
  ApiObject.of(workload).addJsonPatch(JsonPatch.remove(`/spec/template/metadata/labels/${ADDRESS_LABEL_POINTER}`));
  if (!governingService) return;
  for (const [key, value] of Object.entries(workload.matchLabels)) governingService.selectLabel(key, value);
  ApiObject.of(governingService).addJsonPatch(JsonPatch.remove(`/spec/selector/${ADDRESS_LABEL_POINTER}`));
}
