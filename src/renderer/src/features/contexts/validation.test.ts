import { describe, expect, it } from 'vitest'
import type { ContextEntry } from '@shared/model/kubeconfig'
import { checkContextName, checkNamespace, isAbsoluteOrHomePath, nameElsewhere } from './validation'

const entry = (file: string, name: string): ContextEntry => ({
  file,
  name,
  cluster: 'c',
  user: 'u',
  namespace: '',
  server: '',
  current: false,
  origin: 'KUBECONFIG',
  diagnostics: [],
  favourite: false
})

describe('checkContextName', () => {
  const contexts = [entry('/a', 'dev'), entry('/a', 'prod'), entry('/b', 'staging')]
  const dev = { file: '/a', name: 'dev' }
  it('refuses empty, padded, unchanged and same-file duplicates', () => {
    expect(checkContextName('', dev, contexts)).toEqual({ code: 'empty' })
    expect(checkContextName(' dev2', dev, contexts)).toEqual({ code: 'whitespace' })
    expect(checkContextName('dev', dev, contexts)).toEqual({ code: 'unchanged' })
    expect(checkContextName('prod', dev, contexts)).toEqual({ code: 'exists-in-file', file: '/a' })
  })
  it('allows a name another file uses (kubectl does) and says which file', () => {
    expect(checkContextName('staging', dev, contexts)).toBeNull()
    expect(nameElsewhere('staging', dev, contexts)).toBe('/b')
    expect(nameElsewhere('fresh', dev, contexts)).toBeNull()
  })
})

describe('checkNamespace', () => {
  it('accepts DNS-1123 labels and empty (unset)', () => {
    for (const ok of ['', 'default', 'kube-system', 'a', 'ns-1', '0abc']) expect(checkNamespace(ok)).toBeNull()
  })
  it('refuses what the API server would refuse', () => {
    for (const bad of ['Default', 'my_ns', '-a', 'a-', 'a.b', 'with space']) expect(checkNamespace(bad)).toEqual({ code: 'invalid' })
    expect(checkNamespace('a'.repeat(64))).toEqual({ code: 'too-long', max: 63 })
  })
})

describe('isAbsoluteOrHomePath', () => {
  it('takes POSIX and Windows absolute paths and the home folder (~, ~/…)', () => {
    for (const ok of ['/home/me/.kube/config', 'C:\\Users\\me\\config', '\\\\server\\share\\config', '~', '~/Downloads/admin.conf']) expect(isAbsoluteOrHomePath(ok), ok).toBe(true)
  })
  it('refuses relative paths (and ~user, which main cannot expand)', () => {
    for (const bad of ['config', './config', '../config', 'Downloads/admin.conf', '~root/config', '~~/x']) expect(isAbsoluteOrHomePath(bad), bad).toBe(false)
  })
})
