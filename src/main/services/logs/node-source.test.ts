import { describe, expect, it } from 'vitest'
import { NodeLineParser, nodeLogCommand, parsePodLogFolders } from './node-source'
import { parseDuration } from '../../commands/logs'

describe('node log sources', () => {
  it('joins CRI partial lines, keeps plain lines, follows container markers', () => {
    const out: { t: string; text: string; container: string }[] = []
    const p = new NodeLineParser((l) => out.push(...l))
    p.push('@@kubedeck container app\n2026-12-06T01:00:00.1Z stdout P part')
    p.push('ial \n2026-12-06T01:00:00.2Z stdout F end\nplain journal line\n@@kubedeck container side\n2026-12-06T01:00:01Z stderr F x', true)
    expect(out).toEqual([
      { t: '2026-12-06T01:00:00.1Z', text: 'partial end', container: 'app' },
      { t: '', text: 'plain journal line', container: 'app' },
      { t: '2026-12-06T01:00:01Z', text: 'x', container: 'side' }
    ])
  })

  it('builds journalctl, tail and pod-folder commands with every value quoted', () => {
    expect(nodeLogCommand({ source: { units: ['kubelet', 'containerd'] }, lines: 50, follow: true }).text).toBe('journalctl --no-pager -u kubelet -u containerd -n 50 -f')
    expect(nodeLogCommand({ source: { file: "/var/log/it's.log" }, lines: 10 }).text).toBe("tail -n 10 -- '/var/log/it'\\''s.log'")
    expect(() => nodeLogCommand({ source: { pod: { namespace: 'kube-system', name: 'x$(id)' } } })).toThrow(/not a pod name/)
    expect(nodeLogCommand({ source: { pod: { namespace: 'kube-system', name: 'etcd-node-1' } } }).text).toContain('/var/log/pods/kube-system_etcd-node-1_*/')
  })

  it('lists the pod folders a host keeps', () => {
    expect(parsePodLogFolders('/var/log/pods/kube-system_etcd-node-1_abc123/etcd/\n/var/log/pods/odd/\n')).toEqual([
      { namespace: 'kube-system', pod: 'etcd-node-1', uid: 'abc123', container: 'etcd' }
    ])
  })

  it('reads --since as kubectl does (Go durations)', () => {
    expect(parseDuration('1h30m')).toBe(5400)
    expect(parseDuration('250ms')).toBe(0.25)
    expect(() => parseDuration('5 minutes')).toThrow(/invalid duration/)
  })
})
