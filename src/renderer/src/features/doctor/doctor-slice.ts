// The doctor's runs per context and the last outcome of each (the contexts list's health dot).
// A run reaches hosts without prompting; it takes seconds, so the page shows it running and
// switching context or page never waits for it.
import type { ErrorInfo } from '@shared/errors'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { DoctorReport } from '@shared/model/doctor'
import type { HealthMarkView } from '@shared/contracts/doctor'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'

export const doctorKey = (c: ContextRef) => `${c.file}\n${c.name}`

export interface DoctorRun {
  running: boolean
  report?: DoctorReport
  error?: ErrorInfo
}

export interface DoctorSlice {
  doctorMarks: Record<string, HealthMarkView | undefined> | null
  doctorRuns: Record<string, DoctorRun | undefined>
  /** The context the Doctor page shows when opened from a health dot. */
  doctorContext: ContextRef | null
  loadDoctorMarks(): Promise<void>
  runDoctor(context: ContextRef): Promise<void>
  showDoctor(context: ContextRef): void
}

export const createDoctorSlice: SliceCreator<DoctorSlice> = (api) => (set, get) => {
  const patch = (c: ContextRef, p: Partial<DoctorRun>) => set({ doctorRuns: { ...get().doctorRuns, [doctorKey(c)]: { running: false, ...get().doctorRuns[doctorKey(c)], ...p } } })
  return {
    doctorMarks: null,
    doctorRuns: {},
    doctorContext: null,
    loadDoctorMarks: async () => {
      try {
        set({ doctorMarks: await api.call('doctor.marks', {}) })
      } catch {
        // No dots rather than an error in the contexts list.
        set({ doctorMarks: {} })
      }
    },
    runDoctor: async (context) => {
      if (get().doctorRuns[doctorKey(context)]?.running) return
      patch(context, { running: true, error: undefined })
      try {
        const report = await api.call('doctor.run', { context })
        patch(context, { running: false, report })
      } catch (e) {
        patch(context, { running: false, error: errorInfoOf(e) })
      }
      await get().loadDoctorMarks()
    },
    showDoctor: (context) => {
      set({ doctorContext: context })
      get().goTo('doctor')
    }
  }
}
