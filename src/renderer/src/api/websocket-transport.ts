// Web mode: the contract over a WebSocket to the server that served this page (same origin;
// the access token travels in the HttpOnly cookie the server set). Reconnects with backoff.
// Calls made before the first connection wait for it; once the link was up and is lost, calls
// fail at once (`transport.unavailable`) instead of waiting unseen: a change Kubedeck cannot
// confirm is never shown as done. Calls in flight when it drops fail too.
import type { CallName, Reply, ServerMessage, StreamName } from '@shared/contract'
import type { ApiTransport } from './client'
import { errorInfo } from '@shared/errors'
import { t } from '@shared/error-messages'

type State = 'connecting' | 'open' | 'closed'

export function websocketTransport(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`): ApiTransport {
  let socket: WebSocket | null = null
  let state: State = 'connecting'
  let nextId = 1
  let retry = 0
  let everOpen = false
  const pending = new Map<number, (reply: Reply) => void>()
  const queued: string[] = []
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const stateListeners = new Set<(s: State) => void>()

  const setState = (s: State) => {
    state = s
    for (const l of stateListeners) l(s)
  }

  const connect = () => {
    setState('connecting')
    const ws = new WebSocket(url)
    socket = ws
    ws.onopen = () => {
      retry = 0
      everOpen = true
      setState('open')
      for (const m of queued.splice(0)) ws.send(m)
    }
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as ServerMessage
      if ('stream' in msg) {
        for (const l of listeners.get(msg.stream) ?? []) l(msg.payload)
      } else {
        const resolve = pending.get(msg.id)
        pending.delete(msg.id)
        resolve?.(msg)
      }
    }
    ws.onclose = () => {
      setState('closed')
      for (const [id, resolve] of pending) {
        pending.delete(id)
        resolve({ ok: false, error: errorInfo({ code: 'transport.closed', message: t`The connection to Kubedeck was lost before the answer arrived.` }) })
      }
      retry = Math.min(retry + 1, 6)
      setTimeout(connect, 200 * 2 ** retry)
    }
  }
  connect()

  return {
    call(name: CallName, input: unknown) {
      const id = nextId++
      const text = JSON.stringify({ id, call: name, input })
      return new Promise<Reply>((resolve) => {
        pending.set(id, resolve)
        if (state === 'open' && socket) socket.send(text)
        else if (everOpen) {
          pending.delete(id)
          resolve({
            ok: false,
            error: errorInfo({
              code: 'transport.unavailable',
              message: t`Kubedeck itself is not reachable (the window lost its link to the app); nothing was changed. It reconnects by itself when the app is back.`
            })
          })
        } else queued.push(text)
      })
    },
    on(stream: StreamName, listener) {
      let set = listeners.get(stream)
      if (!set) listeners.set(stream, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
    onState(listener) {
      stateListeners.add(listener)
      listener(state)
      return () => stateListeners.delete(listener)
    }
  }
}
