// @vitest-environment jsdom
// The quick switcher as a user drives it (type, arrows, Enter, "-", Escape), against the real
// kubeconfig service on temporary files; kubectl says which context is current afterwards.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mountWithServices, type MountedApp } from '../../../../../tests/kits/renderer'
import { ContextsOverlay } from './ContextsOverlay'

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster: { server: 'https://127.0.0.1:1' }
users:
- name: admin
  user: { token: not-a-secret }
contexts:
- name: dev
  context: { cluster: lab, user: admin }
- name: staging
  context: { cluster: lab, user: admin, namespace: web }
- name: prod-east
  context: { cluster: lab, user: admin }
current-context: dev
`

let home: string
let file: string
let app: MountedApp

const kubectlCurrent = () => execFileSync('kubectl', ['config', 'current-context'], { env: { KUBECONFIG: file, HOME: home, PATH: process.env.PATH }, encoding: 'utf8' }).trim()
const names = () => screen.queryAllByTestId('switcher-item').map((e) => e.getAttribute('data-name'))

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'kubedeck-switcher-'))
  file = join(home, 'config')
  writeFileSync(file, kubeconfig, { mode: 0o600 })
  app = await mountWithServices(<ContextsOverlay />, { HOME: home, KUBECONFIG: file })
  await waitFor(() => expect(app.store.getState().kube?.contexts).toHaveLength(3))
})

afterEach(async () => {
  await app.unmount()
  rmSync(home, { recursive: true, force: true })
})

describe('QuickSwitcher', () => {
  it('opens on Ctrl+K, filters as you type, and switches with Enter: the file says so', async () => {
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    const input = await screen.findByTestId('switcher-input')
    expect(names()).toContain('prod-east')
    fireEvent.change(input, { target: { value: 'pe' } })
    expect(names()[0]).toBe('prod-east')
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' })
    })
    expect(screen.queryByTestId('quick-switcher')).toBeNull()
    await waitFor(() => expect(kubectlCurrent(), JSON.stringify(app.store.getState().notices)).toBe('prod-east'), { timeout: 10_000 })
    expect(app.store.getState().kube?.active?.name).toBe('prod-east')
  })

  it('moves with the arrow keys and goes back to the previous context with "-"', async () => {
    act(() => app.store.getState().openSwitcher('contexts'))
    const input = await screen.findByTestId('switcher-input')
    const order = names()
    fireEvent.keyDown(input, { key: 'ArrowDown' })
    expect(screen.getAllByTestId('switcher-item')[1].getAttribute('aria-selected')).toBe('true')
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' })
    })
    await waitFor(() => expect(kubectlCurrent()).toBe(order[1]), { timeout: 10_000 })

    act(() => app.store.getState().openSwitcher('contexts'))
    const again = await screen.findByTestId('switcher-input')
    await act(async () => {
      fireEvent.keyDown(again, { key: '-' })
    })
    await waitFor(() => expect(kubectlCurrent()).toBe('dev'), { timeout: 10_000 })
  })

  it('closes on Escape without switching', async () => {
    act(() => app.store.getState().openSwitcher('contexts'))
    const dialog = await screen.findByTestId('quick-switcher')
    fireEvent(dialog, new Event('cancel', { cancelable: true }))
    expect(screen.queryByTestId('quick-switcher')).toBeNull()
    expect(kubectlCurrent()).toBe('dev')
  })
})
