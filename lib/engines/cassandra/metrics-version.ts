/**
 * Whether k8ssandra-operator can scrape `serverVersion` at the management API's own metrics
 * endpoint: Cassandra 3.11.13+ in 3.11, 4.0.4 and later (k8ssandra-operator v1.32.5
 * `pkg/telemetry/validation.go`, IsNewMetricsEndpointAvailable). Older versions need the legacy
 * MCAC agent, or the operator refuses the telemetry ("MCAC cannot be disabled").
 */
export function hasMetricsEndpoint(serverVersion: string): boolean {
  const [major, minor, patch] = serverVersion.split('.').map(Number);
  if (major === 3) return minor > 11 || (minor === 11 && patch > 12);
  return major > 4 || (major === 4 && (minor > 0 || patch > 3));
}
