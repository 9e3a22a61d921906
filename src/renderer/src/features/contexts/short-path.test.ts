import { describe, expect, it } from 'vitest'
import { shortPath } from './short-path'

describe('shortPath', () => {
  it('keeps short paths whole', () => {
    expect(shortPath('/home/me/.kube/config')).toBe('/home/me/.kube/config')
  })
  it('cuts from the left at folder boundaries, keeping the file name and as many folders as fit', () => {
    expect(shortPath('/home/operations/.kube/clusters/prod.yaml', 24)).toBe('…/clusters/prod.yaml')
    expect(shortPath('/a/very-long-folder-name/x.yaml', 12)).toBe('…/x.yaml')
    expect(shortPath('C:\\Users\\me\\kubeconfigs\\lab.yaml', 20)).toBe('…\\lab.yaml')
    expect(shortPath('C:\\Users\\me\\kubeconfigs\\lab.yaml', 24)).toBe('…\\kubeconfigs\\lab.yaml')
  })
})
