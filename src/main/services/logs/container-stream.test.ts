// A followed log stream that the API drops in the middle of a line: the resumed stream (from the
// last line's second) sends that line again, whole. The piece must not be shown as a line of its
// own, nor make the whole line look already read. A fake API server plays the kubelet's part.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { KubeConfig } from '@kubernetes/client-node'
import { ContainerLogStream, type StreamSink } from './container-stream'

let server: Server | null = null
afterEach(() => server?.close())

const t = (n: number) => `2026-12-06T05:00:0${n}.000000000Z`

async function fakeApi(responses: ((res: import('node:http').ServerResponse) => void)[]): Promise<{ kc: KubeConfig; queries: string[] }> {
  const queries: string[] = []
  server = createServer((req, res) => {
    queries.push(new URL(req.url!, 'http://x').search)
    const next = responses.shift()
    if (!next) return res.writeHead(500).end()
    res.writeHead(200, { 'content-type': 'text/plain' })
    next(res)
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()))
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x'
  })
  return { kc, queries }
}

describe('ContainerLogStream', () => {
  it('resumes a stream dropped mid-line without a cut line, a lost line or a repeated one', async () => {
    const { kc, queries } = await fakeApi([
      (res) => {
        res.write(`${t(1)} line 1\n${t(2)} line 2\n${t(3)} li`)
        setTimeout(() => res.socket?.destroy(), 50)
      },
      (res) => res.end(`${t(2)} line 2\n${t(3)} line 3\n${t(4)} line 4\n`)
    ])
    const lines: string[] = []
    const states: string[] = []
    let probes = 0
    const done = new Promise<void>((resolve) => {
      const sink: StreamSink = {
        lines: (ls) => lines.push(...ls.map((l) => `${l.text}${l.cut ? ' [cut]' : ''}`)),
        connected: () => undefined,
        state: (s) => {
          states.push(s)
          if (s === 'ended') resolve()
        }
      }
      // Running while it resumes once, then the container has ended.
      new ContainerLogStream(kc, { namespace: 'n', pod: 'p', container: 'c' }, { follow: true }, sink, async () => (probes++ === 0 ? 'running' : 'terminated')).start()
    })
    await done
    expect(lines).toEqual(['line 1', 'line 2', 'line 3', 'line 4'])
    expect(queries[1]).toContain('sinceTime=2026-12-06T05%3A00%3A02Z')
  })

  it('keeps a last line without a line break when the container has ended', async () => {
    const { kc } = await fakeApi([(res) => res.end(`${t(1)} line 1\n${t(2)} the end`)])
    const lines: string[] = []
    await new Promise<void>((resolve) => {
      const sink: StreamSink = { lines: (ls) => lines.push(...ls.map((l) => l.text)), connected: () => undefined, state: (s) => s === 'ended' && resolve() }
      new ContainerLogStream(kc, { namespace: 'n', pod: 'p', container: 'c' }, { follow: true }, sink, async () => 'terminated').start()
    })
    expect(lines).toEqual(['line 1', 'the end'])
  })
})
