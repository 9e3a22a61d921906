// A LabelSelector matched against labels, as the API server matches it (k8s.io/apimachinery
// labels.Selector): every matchLabels pair and every expression must hold; an empty selector
// matches everything, a null one nothing (a PodDisruptionBudget with no selector selects no pod).
export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: string; values?: string[] }[]
}

export function selects(selector: LabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false
  const l = labels ?? {}
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key)
    const values = e.values ?? []
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key])) return false
        break
      case 'NotIn':
        if (has && values.includes(l[e.key])) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
      default:
        // An operator this code does not know selects nothing rather than everything.
        return false
    }
  }
  return true
}

/** A selector as kubectl prints it (app=web,tier in (a,b)). */
export function selectorText(selector: LabelSelector | null | undefined): string {
  if (!selector) return '<none>'
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`)
  }
  return parts.join(',') || '<all>'
}
