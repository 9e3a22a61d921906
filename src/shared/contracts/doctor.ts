// The doctor: one run of every check against a cluster, the last run's outcome per context (the
// contexts list's health dot), and kubeadm join commands with their bootstrap tokens.
import { z } from 'zod'
import { call } from './define'
import type { DoctorReport } from '../model/doctor'
import { contextRefSchema } from './kubeconfig'

export interface HealthMarkView {
  worst: DoctorReport['worst']
  at: string
  counts: { error: number; warning: number; info: number }
}

export interface JoinCommandView {
  command: string
  expires: string
  caCertHash: string
  endpoint: string
}

export interface UpgradeViewData {
  apiServer: string
  components: { node: string; component: string; version: string }[]
  nextMinor?: string
  behind: { node: string; component: string; version: string; minors: number }[]
  /** `kubeadm upgrade plan` on a control-plane host, as it printed it; null when no kubeadm control plane was found. */
  plan: { host: string; output: string; ok: boolean } | null
}

export interface BootstrapTokenView {
  id: string
  expires?: string
  usages: string[]
  groups: string[]
  description?: string
}

export const doctorCalls = {
  /** Bootstrap tokens: ids, expiry, usages (never their secrets). */
  'doctor.tokens': call<BootstrapTokenView[]>()(z.object({ context: contextRefSchema })),
  'doctor.upgradeView': call<UpgradeViewData>()(z.object({ context: contextRefSchema })),
  'doctor.run': call<DoctorReport>()(z.object({ context: contextRefSchema })),
  /** By context key (file + "\n" + name). */
  'doctor.marks': call<Record<string, HealthMarkView | undefined>>()(z.object({})),
  'doctor.joinCommand': call<JoinCommandView>()(z.object({ context: contextRefSchema, controlPlane: z.boolean(), ttlSeconds: z.number().int().min(60).max(31_536_000) }))
}
