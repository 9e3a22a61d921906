// The doctor's report: one run of every check against one cluster, API and hosts.
import type { ContextRef } from './kubeconfig'
import type { PlanMessage } from './operations'

export type DoctorArea = 'api' | 'etcd' | 'control-plane' | 'nodes' | 'add-ons' | 'time' | 'certificates' | 'workloads'
export type DoctorSeverity = 'error' | 'warning' | 'info'

/** What repairs a finding: a page of Kubedeck, a plan it makes, or the command to run. */
export type DoctorFix =
  | { kind: 'page'; page: 'certs' | 'etcd' | 'cluster' | 'nodes' | 'overview' }
  | { kind: 'plan'; plan: 'namespace-unstick'; namespace: string }
  | { kind: 'plan'; plan: 'uncordon'; node: string }
  | { kind: 'plan'; plan: 'csr-approve'; name: string }
  | { kind: 'command'; command: string }

export interface DoctorFinding {
  /** Which check found it (api.readyz, control-plane.leader, nodes.ready, …). */
  check: string
  area: DoctorArea
  severity: DoctorSeverity
  /** The component, node, namespace, host or certificate it is about. */
  subject: string
  /** English (CLI, JSON); `says` words it again in the window's language. */
  message: string
  says: PlanMessage
  fix?: DoctorFix
}

/** A check that could not run (a host unreachable, a timeout): its findings are unknown, the run goes on. */
export interface DoctorUnknown {
  check: string
  area: DoctorArea
  subject: string
  reason: string
}

export interface DoctorReport {
  context: ContextRef
  startedAt: string
  durationMs: number
  /** Worst first: errors, warnings, info; by area within. */
  findings: DoctorFinding[]
  unknown: DoctorUnknown[]
  /** Every check that ran, with how long it took. */
  checks: { check: string; ms: number; state: 'ran' | 'unknown' }[]
  /** The worst severity found (none: nothing above info). */
  worst: DoctorSeverity | 'ok'
}
