// Every `kubedeck` subcommand, in the order `--help` lists them. Only a name and a summary live
// here: a command's module, and all it pulls in (client-node, ssh2, zod, ws), is imported when
// that command runs or prints its usage, so `kubedeck config …` starts as fast as kubectl does.
// The bundle turns each import() into a chunk (out/main/chunks). registry.test.ts checks every
// name and summary against the command's own.
import type { CommandEntry } from './types'

export const commands: CommandEntry[] = [
  { name: 'serve', summary: 'Serve the app to a browser on 127.0.0.1 (web mode)', load: async () => (await import('./serve')).serveCommand },
  { name: 'config', summary: 'Modify kubeconfig files like `kubectl config` (plus import, export, undo, restore)', load: async () => (await import('./config')).configCommand },
  { name: 'ssh', summary: 'Resolved ssh settings for a host (like ssh -G); run an audited command on it', load: async () => (await import('./ssh')).sshCommand },
  { name: 'etcd', summary: 'etcd health, verified backups, guided restore and repairs', load: async () => (await import('./etcd')).etcdCommand },
  { name: 'certs', summary: 'Certificate expiry across the cluster, guided renewal and kubelet rotation', load: async () => (await import('./certs')).certsCommand },
  { name: 'logs', summary: 'Pod and workload logs like kubectl logs, several pods merged in time order', load: async () => (await import('./logs')).logsCommand },
  { name: 'node-logs', summary: "A host's journal (kubelet, containerd, etcd, kube-*) or log files, over SSH", load: async () => (await import('./logs')).nodeLogsCommand },
  { name: 'get', summary: 'List a kind as kubectl get prints it (paged, the server’s columns)', load: async () => (await import('./get')).getCommand },
  { name: 'cordon', summary: 'Mark a node unschedulable, as a plan with an undo', load: async () => (await import('./nodes')).cordonCommand },
  { name: 'uncordon', summary: 'Mark a node schedulable again, as a plan with an undo', load: async () => (await import('./nodes')).uncordonCommand },
  {
    name: 'drain',
    summary: 'Cordon a node and evict its pods as kubectl drain does, never around a PodDisruptionBudget',
    load: async () => (await import('./nodes')).drainCommand
  },
  {
    name: 'namespace',
    summary: 'Free a namespace stuck in Terminating: what holds it, then a plan safest first',
    load: async () => (await import('./namespace')).namespaceCommand
  },
  { name: 'scale', summary: 'Scale a workload as a plan with an undo; with an HPA, change its range instead', load: async () => (await import('./scale')).scaleCommand },
  {
    name: 'doctor',
    summary: 'Check a cluster as an experienced admin would: API, etcd, control plane, nodes, time, certificates',
    load: async () => (await import('./doctor')).doctorCommand
  },
  { name: 'join-command', summary: 'kubeadm join for a worker or control plane, with a new bootstrap token', load: async () => (await import('./doctor')).joinCommandCommand },
  { name: 'operations', summary: 'List, show, resume or roll back journaled operations', load: async () => (await import('./operations')).operationsCommand }
]
