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

/**
 * A selector as `kubectl get -l` takes it: `app=web`, `app==web`, `tier!=db`, `env in (a,b)`,
 * `env notin (a)`, `release`, `!release`, joined by commas. Returns the LabelSelector or, for
 * text it cannot read, the reason (as the API server words it).
 */
export function parseSelector(text: string): LabelSelector | { error: string } {
  const sel: Required<LabelSelector> = { matchLabels: {}, matchExpressions: [] }
  // Split on commas outside parentheses.
  const parts: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of text) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      parts.push(cur)
      cur = ''
    } else cur += ch
  }
  parts.push(cur)
  const key = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/
  const value = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/
  for (const raw of parts.map((p) => p.trim())) {
    if (!raw) {
      if (parts.length === 1) return { matchLabels: {}, matchExpressions: [] }
      return { error: `found ',', expected: identifier` }
    }
    let m: RegExpMatchArray | null
    if ((m = raw.match(/^(\S+?)\s*(==|!=|=)\s*(\S*)$/))) {
      const [, k, op, v] = m
      if (!key.test(k)) return { error: `invalid label key "${k}"` }
      if (!value.test(v)) return { error: `invalid label value: "${v}"` }
      if (op === '!=') sel.matchExpressions.push({ key: k, operator: 'NotIn', values: [v] })
      else if (k in sel.matchLabels && sel.matchLabels[k] !== v) sel.matchExpressions.push({ key: k, operator: 'In', values: [v] })
      else sel.matchLabels[k] = v
    } else if ((m = raw.match(/^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      const [, k, op, list] = m
      if (!key.test(k)) return { error: `invalid label key "${k}"` }
      const values = list.split(',').map((v) => v.trim())
      const bad = values.find((v) => !value.test(v))
      if (bad !== undefined) return { error: `invalid label value: "${bad}"` }
      sel.matchExpressions.push({ key: k, operator: op === 'in' ? 'In' : 'NotIn', values })
    } else if ((m = raw.match(/^(!?)\s*(\S+)$/)) && key.test(m[2])) {
      sel.matchExpressions.push({ key: m[2], operator: m[1] ? 'DoesNotExist' : 'Exists' })
    } else return { error: `unable to parse requirement: "${raw}"` }
  }
  return sel
}
