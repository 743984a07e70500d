/**
 * A Service that serves a GSLB host's application behind its Ingress, in the host's namespace.
 * With `dependsOn`, k8gb counts a site healthy only while each of these Services and the
 * write-path probe has a ready endpoint.
 */
export interface GslbBackendService {
  /** The Service's name. */
  readonly name: string;
  /** A port the Service exposes (the written Ingress path needs one; k8gb reads only the endpoints). */
  readonly port: number;
}
