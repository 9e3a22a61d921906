import type { ContextColour } from '@shared/model/kubeconfig'

/**
 * The colour tag of a context (production in red). Untagged, it keeps its place but shows
 * nothing, so lists stay aligned and quiet; `showNone` draws the empty slot (the picker's "none").
 */
export function ColourDot({ colour, label, showNone }: { colour?: ContextColour; label?: string; showNone?: boolean }) {
  return (
    <span
      className={`colour-dot${colour ? '' : showNone ? ' colour-dot-none' : ' colour-dot-empty'}`}
      style={colour ? { background: `var(--tag-${colour})` } : undefined}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  )
}
