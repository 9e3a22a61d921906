// A context's health from its last doctor run, beside its name in the contexts list: red with
// errors, amber with warnings, green when nothing is above info. It never runs anything (so it
// never slows a switch); clicking it opens the Doctor page on that context.
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../store'
import { doctorKey } from './doctor-slice'

export function HealthDot({ context }: { context: ContextRef }) {
  const { t } = useTranslation()
  const marks = useAppStore((s) => s.doctorMarks)
  const load = useAppStore((s) => s.loadDoctorMarks)
  const show = useAppStore((s) => s.showDoctor)
  useEffect(() => {
    if (marks === null) void load()
  }, [marks === null])
  const mark = marks?.[doctorKey(context)]
  if (!mark) return null
  const label = t(`doctor.dot.${mark.worst}`, { errors: mark.counts.error, warnings: mark.counts.warning, at: new Date(mark.at).toLocaleString() })
  return (
    <button
      type="button"
      className={`health-dot health-${mark.worst}`}
      data-testid="health-dot"
      data-worst={mark.worst}
      title={label}
      aria-label={label}
      onClick={(e) => {
        e.stopPropagation()
        show(context)
      }}
    />
  )
}
