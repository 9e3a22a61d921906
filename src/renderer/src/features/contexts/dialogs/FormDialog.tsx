import { useId, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '@shared/errors'
import { Dialog, ErrorMessage } from '../../../components'

/** A dialog around one form: Enter submits, Escape and Cancel close, the error shows above the buttons. */
export function FormDialog(props: {
  title: string
  testId: string
  submitLabel: string
  danger?: boolean
  busy: boolean
  error: ErrorInfo | null
  wide?: boolean
  submitDisabled?: boolean
  onSubmit(): void
  onClose(): void
  children: ReactNode
  extraButtons?: ReactNode
}) {
  const { t } = useTranslation()
  const formId = useId()
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      testId={props.testId}
      wide={props.wide}
      footer={
        <>
          {props.extraButtons}
          <button type="button" onClick={props.onClose}>
            {t('app.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            className={props.danger ? 'danger' : 'primary'}
            disabled={props.busy || props.submitDisabled}
            data-testid="dialog-submit"
          >
            {props.submitLabel}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (!props.busy) props.onSubmit()
        }}
      >
        {props.children}
      </form>
      {props.error && <ErrorMessage error={props.error} />}
    </Dialog>
  )
}
