import type { ContextColour } from '@shared/model/kubeconfig'

/** The colour tag of a context (production in red): a small swatch, or an empty slot. */
export function ColourDot({ colour, label }: { colour?: ContextColour; label?: string }) {
  return (
    <span
      className={`colour-dot${colour ? '' : ' colour-dot-none'}`}
      style={colour ? { background: `var(--tag-${colour})` } : undefined}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  )
}
