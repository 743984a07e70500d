import { invalidValue, isDns1035Label, isDns1123Subdomain } from './model/validation';

/** What a GSLB host balances in every serving site. */
export class GslbTarget {
  /** An Ingress of this name, in the host's namespace, in every serving site. */
  public static ingress(name: string): GslbTarget {
    if (!isDns1123Subdomain(name)) throw invalidValue('GslbTarget.ingress', 'name', name, 'is not an Ingress name (lowercase DNS subdomain)');
    return new GslbTarget('Ingress', name);
  }

  /** A LoadBalancer Service of this name, in the host's namespace, in every serving site. */
  public static service(name: string): GslbTarget {
    if (!isDns1035Label(name)) throw invalidValue('GslbTarget.service', 'name', name, 'is not a Service name (DNS label starting with a letter, at most 63 characters)');
    return new GslbTarget('Service', name);
  }

  /** `Ingress` or `Service`. @internal */
  public readonly _kind: string;
  /** Name of the Ingress or Service. */
  public readonly name: string;

  private constructor(kind: string, name: string) {
    this._kind = kind;
    this.name = name;
  }
}
