import { Construct } from 'constructs';
import { Site, SiteProps, SiteRole } from './site';

/** Settings of a witness site. */
export interface WitnessSiteProps extends SiteProps {}

/**
 * A small third fault domain that breaks ties: when the active sites lose each other,
 * the side that still reaches the witness keeps the majority. It serves no user traffic.
 */
export class WitnessSite extends Site {
  /** Always `SiteRole.WITNESS`. */
  public readonly role = SiteRole.WITNESS;

  constructor(scope: Construct, id: string, props: WitnessSiteProps = {}) {
    super(scope, id, props);
  }
}
