// `npm run lab -- <command>`: bring the lab up, take it down, see it, use it from a shell.
import { parseArgs } from 'node:util'
import { TOPOLOGIES, ensureLab, labDown, labDownAll, labEnv, labStatus, labUp, leftovers, readLab, selectedInstance, hostExec, type Topology, type EtcdVariant } from './index'
import { LabError } from './core/errors'

const HELP = `Kubedeck lab: a real Kubernetes control plane and SSH-reachable node hosts (root needed).

  npm run lab -- up [--topology kubeadm-1|kubeadm-3|binary-3] [--bastion] [--etcd 3.6|3.4] [--fresh]
      Starts the lab (default kubeadm-1), or reuses it when it is already up with these options.
      --fresh rebuilds it. --etcd 3.4 (kubeadm-1): Debian's etcd 3.4 server and tools.
  npm run lab -- down [--all]        Removes the lab (--all: every instance and leftover).
  npm run lab -- status [--json]     Hosts, sshd, API server, etcd health.
  npm run lab -- env                 Shell lines: eval "$(npm run -s lab -- env)"
  npm run lab -- json                The lab's description (hosts, roles, addresses, paths).
  npm run lab -- exec HOST -- CMD…   Runs a command inside a host, as root.
  npm run lab -- leftovers           What the lab still holds on this machine (empty after down --all).

  --instance NAME (or KUBEDECK_LAB_INSTANCE) picks one of several isolated labs; default "default".
`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      topology: { type: 'string', short: 't' },
      bastion: { type: 'boolean', default: false },
      etcd: { type: 'string' },
      instance: { type: 'string', short: 'i' },
      fresh: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false }
    }
  })
  const instance = selectedInstance(values.instance)
  switch (command) {
    case 'up': {
      const topology = (values.topology ?? 'kubeadm-1') as Topology
      if (!TOPOLOGIES.includes(topology)) throw new LabError('topology', `unknown topology "${topology}" (one of ${TOPOLOGIES.join(', ')})`)
      const opts = { instance, bastion: values.bastion, etcd: values.etcd as EtcdVariant | undefined }
      const started = Date.now()
      const lab = values.fresh ? await labUp(topology, opts) : await ensureLab(topology, opts)
      console.error(`\nlab "${lab.instance}" is up (${lab.topology}${lab.bastion ? ', bastion' : ''}; etcd ${lab.etcd.serverVersion}) in ${((Date.now() - started) / 1000).toFixed(1)}s`)
      for (const h of [...(lab.bastion ? [lab.bastion] : []), ...lab.hosts]) console.error(`  ${h.name.padEnd(8)} ${h.address.padEnd(14)} ${h.roles.join(', ')}`)
      console.error(`\n  eval "$(npm run -s lab -- env${instance === 'default' ? '' : ` --instance ${instance}`})"; kubectl get nodes; ssh -F "$LAB_SSH_CONFIG" node-1 hostname`)
      console.error(`  password logins: ${lab.passwordHost.user}@${lab.passwordHost.host} with password ${lab.passwordHost.password}`)
      return 0
    }
    case 'down':
      if (values.all) await labDownAll()
      else await labDown(instance)
      return 0
    case 'status': {
      const s = await labStatus(instance)
      if (values.json) {
        console.log(JSON.stringify(s, null, 2))
      } else if (!s.up) {
        console.log(`lab "${instance}" is not up`)
      } else {
        console.log(`lab "${instance}": ${s.topology}`)
        for (const h of s.hosts) console.log(`  ${h.name.padEnd(8)} ${h.address.padEnd(14)} ${h.running ? 'running' : 'DOWN'}${h.running ? (h.sshd ? ', sshd up' : ', sshd DOWN') : ''}`)
        console.log(`  kube-apiserver ${s.apiServer?.url}: ${s.apiServer?.ready ? 'ready' : 'NOT READY'}`)
        for (const e of s.etcd ?? []) console.log(`  etcd ${e.endpoint}: ${e.healthy ? 'healthy' : `UNHEALTHY (${e.error})`}`)
      }
      return s.up ? 0 : 1
    }
    case 'env': {
      const lab = readLab(instance)
      if (!lab) throw new LabError('env', `lab "${instance}" is not up: run \`npm run lab -- up\` first`)
      process.stdout.write(labEnv(lab))
      return 0
    }
    case 'json': {
      const lab = readLab(instance)
      if (!lab) throw new LabError('json', `lab "${instance}" is not up: run \`npm run lab -- up\` first`)
      console.log(JSON.stringify(lab, null, 2))
      return 0
    }
    case 'exec': {
      const [host, ...cmd] = positionals
      if (!host || cmd.length === 0) throw new LabError('exec', 'usage: npm run lab -- exec HOST -- COMMAND…')
      const r = await hostExec({ instance }, host, cmd.join(' '), { timeoutMs: 10 * 60_000 })
      process.stdout.write(r.stdout)
      process.stderr.write(r.stderr)
      return r.code
    }
    case 'leftovers': {
      const left = await leftovers(values.instance)
      for (const l of left) console.log(l)
      return left.length ? 1 : 0
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP)
      return 0
    default:
      console.error(`lab: unknown command "${command}"\n\n${HELP}`)
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof LabError ? e.message : (e as Error).stack)
    process.exit(1)
  }
)
