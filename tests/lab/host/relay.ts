// TCP relay for a lab with a bastion, whose node hosts the machine cannot reach: the machine
// side listens on 127.0.0.1 and hands each connection to a unix socket in the lab's state
// directory; the bastion side (a process of the bastion host, on the node network) accepts
// there and connects to the node. Unix sockets cross network namespaces, TCP does not.
//   relay.ts outside PORTS_FILE name=SOCKET...   (machine: 127.0.0.1:<free port> → SOCKET)
//   relay.ts inside name=SOCKET=HOST:PORT...     (bastion: SOCKET → HOST:PORT)
import { rmSync, writeFileSync, renameSync } from 'node:fs'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

const [mode, ...rest] = process.argv.slice(2)

function pipe(a: Socket, b: Socket): void {
  a.pipe(b)
  b.pipe(a)
  const end = () => {
    a.destroy()
    b.destroy()
  }
  a.on('error', end)
  b.on('error', end)
  a.on('close', end)
  b.on('close', end)
}

if (mode === 'inside') {
  for (const spec of rest) {
    const [, socket, target] = spec.split('=')
    const [host, port] = target.split(':')
    rmSync(socket, { force: true })
    createServer((c) => pipe(c, connect({ host, port: Number(port) }))).listen(socket)
  }
} else if (mode === 'outside') {
  const [portsFile, ...specs] = rest
  const ports: Record<string, number> = {}
  let pending = specs.length
  for (const spec of specs) {
    const [name, socket] = spec.split('=')
    const server = createServer((c) => pipe(c, connect(socket)))
    server.listen(0, '127.0.0.1', () => {
      ports[name] = (server.address() as AddressInfo).port
      if (--pending === 0) {
        writeFileSync(`${portsFile}.tmp`, JSON.stringify(ports))
        renameSync(`${portsFile}.tmp`, portsFile)
      }
    })
  }
} else {
  console.error('usage: relay.ts outside PORTS_FILE name=SOCKET... | inside name=SOCKET=HOST:PORT...')
  process.exit(2)
}
