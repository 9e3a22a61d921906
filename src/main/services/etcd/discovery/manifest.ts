// kubeadm static pod manifests (/etc/kubernetes/manifests/*.yaml): the container's argv, its
// env, and the hostPath volumes that map container paths (the --data-dir, the certificates)
// to paths on the host — which is where a restore has to act.
import { parseDocument } from 'yaml'
import { AppError } from '../../../../shared/errors'
import { t } from '../../../../shared/error-messages'

export interface StaticPod {
  file: string
  name: string
  image?: string
  argv: string[]
  env: Record<string, string>
  /** Container mount path → host path, longest first. */
  mounts: { containerPath: string; hostPath: string }[]
}

interface PodDoc {
  metadata?: { name?: string }
  spec?: {
    containers?: {
      image?: string
      command?: string[]
      args?: string[]
      env?: { name: string; value?: string }[]
      volumeMounts?: { name: string; mountPath: string }[]
    }[]
    volumes?: { name: string; hostPath?: { path: string } }[]
  }
}

export function parseStaticPod(file: string, text: string): StaticPod {
  const doc = parseDocument(text, { prettyErrors: true })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]
    throw new AppError({
      code: 'etcd.manifest-parse',
      message: t`${file} is not valid YAML: ${e.message.split('\n')[0]}`,
      file,
      line: e.linePos?.[0]?.line,
      hint: t`kubelet cannot read it either; fix the manifest (kubeadm keeps none of its own backups).`
    })
  }
  const pod = (doc.toJS() ?? {}) as PodDoc
  const c = pod.spec?.containers?.[0]
  if (!c) {
    throw new AppError({ code: 'etcd.manifest-parse', message: t`${file} has no containers: it is not a static pod manifest.`, file })
  }
  const volumes = new Map((pod.spec?.volumes ?? []).filter((v) => v.hostPath).map((v) => [v.name, v.hostPath!.path]))
  const mounts = (c.volumeMounts ?? [])
    .filter((m) => volumes.has(m.name))
    .map((m) => ({ containerPath: m.mountPath.replace(/\/+$/, '') || '/', hostPath: volumes.get(m.name)!.replace(/\/+$/, '') || '/' }))
    .sort((a, b) => b.containerPath.length - a.containerPath.length)
  return {
    file,
    name: pod.metadata?.name ?? '',
    image: c.image,
    argv: [...(c.command ?? []), ...(c.args ?? [])].map(String),
    env: Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, String(e.value)])),
    mounts
  }
}

/** The host path behind a container path, through the pod's hostPath mounts (itself when unmapped). */
export function hostPathOf(pod: StaticPod, containerPath: string): string {
  if (!containerPath) return containerPath
  for (const m of pod.mounts) {
    if (containerPath === m.containerPath) return m.hostPath
    if (containerPath.startsWith(m.containerPath + '/')) return m.hostPath + containerPath.slice(m.containerPath.length)
  }
  return containerPath
}

/** `registry.k8s.io/etcd:3.6.5-0` → `3.6.5`. */
export function etcdVersionFromImage(image: string | undefined): string | undefined {
  const m = /:v?(\d+\.\d+\.\d+)/.exec(image ?? '')
  return m?.[1]
}
