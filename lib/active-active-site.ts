import { Construct } from 'constructs';
import { Site, SiteProps, SiteRole } from './site';

/** Settings of a site that serves traffic. */
export interface ActiveActiveSiteProps extends SiteProps {}

/** A datacenter that serves user traffic and holds data, alongside the other active sites. */
export class ActiveActiveSite extends Site {
  /** Always `SiteRole.ACTIVE`. */
  public readonly role = SiteRole.ACTIVE;

  constructor(scope: Construct, id: string, props: ActiveActiveSiteProps = {}) {
    super(scope, id, props);
  }
}
