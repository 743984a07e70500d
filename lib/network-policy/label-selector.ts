/** A Kubernetes label selector as written in an object (`metav1.LabelSelector`). */
export interface LabelSelectorObject {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }[];
}

/**
 * Whether `selector` selects an object with `labels`: every `matchLabels` pair and every
 * expression must hold (they are ANDed); an empty selector selects everything
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors;
 * operators In, NotIn, Exists, DoesNotExist as in apimachinery `pkg/labels/selector.go`, where
 * NotIn and DoesNotExist also hold for an object without the key).
 */
export function selects(selector: LabelSelectorObject, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: throw new Error(`Unknown label selector operator "${e.operator}" on key ${e.key}: expected In, NotIn, Exists or DoesNotExist.`);
    }
  }
  return true;
}
