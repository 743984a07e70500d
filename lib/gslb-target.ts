/** What a GSLB host balances in every serving site. */
export class GslbTarget {
  /** An Ingress of this name, in the host's namespace, in every serving site. */
  public static ingress(name: string): GslbTarget {
    return new GslbTarget('Ingress', name);
  }

  /** A LoadBalancer Service of this name, in the host's namespace, in every serving site. */
  public static service(name: string): GslbTarget {
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
