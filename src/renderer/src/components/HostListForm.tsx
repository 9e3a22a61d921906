import { useState } from 'react'

/**
 * SSH names typed by hand (spaces or commas between them): what a wizard reads instead of
 * asking the API which nodes there are, the day the API server does not answer.
 */
export function HostListForm({
  label,
  submitLabel,
  busy,
  testId,
  onSubmit
}: {
  label: string
  submitLabel: string
  busy?: boolean
  testId: string
  onSubmit(hosts: string[]): void
}) {
  const [hosts, setHosts] = useState('')
  return (
    <form
      className="host-list-form"
      onSubmit={(e) => {
        e.preventDefault()
        const list = hosts.split(/[\s,]+/).filter(Boolean)
        if (list.length) onSubmit(list)
      }}
    >
      <label className="field grow">
        <span>{label}</span>
        <input className="mono" data-testid={testId} value={hosts} placeholder="cp-1 cp-2 cp-3" onChange={(e) => setHosts(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || !hosts.trim()}>
        {submitLabel}
      </button>
    </form>
  )
}
