import type { InputHTMLAttributes, ReactNode } from 'react'

type Props = {
  label: string
  testId: string
  /** The dialog has an error about this field. */
  invalid: boolean
  onValue(value: string): void
  /** Fills the rest of a row (a field beside a button). */
  grow?: boolean
  /** After the input, inside the label (a datalist). */
  children?: ReactNode
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'className' | 'children'>

/** The dialogs' one-line field for a name or a path: labelled, monospace, no spell check or autofill. */
export function TextField({ label, testId, invalid, onValue, grow, children, ...input }: Props) {
  return (
    <label className={grow ? 'field grow' : 'field'}>
      <span>{label}</span>
      <input
        className="mono"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={invalid || undefined}
        data-testid={testId}
        {...input}
        onChange={(e) => onValue(e.target.value)}
      />
      {children}
    </label>
  )
}
