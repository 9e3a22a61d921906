// How a check says what it found: an English sentence worded with `t` (the window words it
// again from its key and values), the subject it is about, and what repairs it.
import type { Sentence } from '../../../shared/error-messages'
import type { DoctorArea, DoctorFinding, DoctorFix, DoctorSeverity } from '../../../shared/model/doctor'

export function finding(check: string, area: DoctorArea, severity: DoctorSeverity, subject: string, said: Sentence, fix?: DoctorFix): DoctorFinding {
  return { check, area, severity, subject, message: said.text, says: said.msg, ...(fix ? { fix } : {}) }
}

/** What a check reports: findings, or the reason it could not look (its subject's state is unknown). */
export interface CheckResult {
  findings: DoctorFinding[]
  unknown?: { subject: string; reason: string }[]
}

export interface DoctorCheck<C> {
  id: string
  area: DoctorArea
  /** Each check has its own time; one that overruns is unknown, the rest still report. */
  timeoutMs: number
  run(ctx: C, signal: AbortSignal): Promise<CheckResult>
}

const RANK: Record<DoctorSeverity, number> = { error: 0, warning: 1, info: 2 }
const AREAS: DoctorArea[] = ['api', 'etcd', 'control-plane', 'nodes', 'add-ons', 'time', 'certificates', 'workloads']

/** Worst first; within a severity by area (in the order an admin looks), then subject. */
export function ordered(findings: DoctorFinding[]): DoctorFinding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || AREAS.indexOf(a.area) - AREAS.indexOf(b.area) || a.subject.localeCompare(b.subject))
}
