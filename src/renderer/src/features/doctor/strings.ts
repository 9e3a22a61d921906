// The doctor, in English and 简体中文.
export const doctorStrings = {
  en: {
    doctor: {
      nav: 'Doctor',
      title: 'Doctor',
      run: 'Run the checks',
      runAgain: 'Run again',
      running: 'Checking…',
      intro:
        'Checks the cluster as an experienced admin would: the API server through your kubeconfig and on each control-plane host, etcd, the control plane (manifests or units, leader election), nodes, CoreDNS and kube-proxy, each host’s clock, certificates, and workloads stuck or crashing. Hosts are read over SSH without prompting: one that would need a prompt is reported unknown.',
      summary: '{{errors}} errors, {{warnings}} warnings; {{checks}} checks in {{seconds}} s',
      ok: 'Nothing above info: the cluster looks healthy.',
      unknown: 'Could not be checked: {{reason}}',
      fixTitle: 'Fix',
      logHint: "{{title}} — {{count}} times in {{unit}}'s journal on {{host}} in the last 15 minutes: {{meaning}}",
      severity: { error: 'error', warning: 'warning', info: 'info', unknown: 'unknown' },
      areas: {
        api: 'API server',
        etcd: 'etcd',
        'control-plane': 'Control plane',
        nodes: 'Nodes',
        'add-ons': 'Add-ons',
        time: 'Time',
        certificates: 'Certificates',
        workloads: 'Workloads'
      },
      pages: { certs: 'Open Certificates', etcd: 'Open etcd', cluster: 'Open Cluster', nodes: 'Open Nodes', overview: 'Open Overview' },
      plans: { 'namespace-unstick': 'Plan the unstick…', uncordon: 'Plan the uncordon…', 'csr-approve': 'Plan the approval…' },
      dot: {
        error: 'Last doctor run ({{at}}): {{errors}} errors',
        warning: 'Last doctor run ({{at}}): {{warnings}} warnings',
        ok: 'Last doctor run ({{at}}): healthy'
      },
      upgrade: {
        open: 'Upgrade view…',
        title: 'Versions and the next upgrade',
        skew: 'The API server runs {{api}}; kubeadm upgrades one minor version at a time ({{next}} next): control planes first, then the kubelets, which may lag the API server by up to three minor versions but never lead it.',
        behind: '{{n}} components lag the API server (marked).',
        plan: 'kubeadm upgrade plan on {{host}}'
      },
      join: {
        open: 'Join command…',
        title: 'Join a node (kubeadm)',
        explain:
          'Makes a bootstrap token (as kubeadm token create) and prints the kubeadm join command with the CA’s key hash. For a control plane, the certificates are uploaded (kubeadm init phase upload-certs) on a control-plane host over SSH, and the key is added.',
        controlPlane: 'A control-plane node',
        ttl: 'Token lifetime (hours)',
        make: 'Make the command',
        expires: 'The token expires at {{at}}.',
        tokens: 'Bootstrap tokens',
        forever: 'never expires',
        revoke: 'Revoke…',
        revokeTitle: 'Revoke a bootstrap token'
      }
    }
  },
  'zh-CN': {
    doctor: {
      nav: '体检',
      title: '体检',
      run: '运行检查',
      runAgain: '再次运行',
      running: '正在检查…',
      intro:
        '像经验丰富的管理员一样检查集群：通过 kubeconfig 以及在每个控制平面主机上直接检查 API server、etcd、控制平面（清单或单元、leader 选举）、节点、CoreDNS 和 kube-proxy、各主机的时钟、证书，以及卡住或崩溃的工作负载。主机通过 SSH 读取且不弹出提示：需要提示的主机会报告为未知。',
      summary: '{{errors}} 个错误，{{warnings}} 个警告；{{checks}} 项检查用时 {{seconds}} 秒',
      ok: '没有高于提示级别的问题：集群看起来是健康的。',
      unknown: '无法检查：{{reason}}',
      fixTitle: '修复',
      logHint: '{{title}} — 最近 15 分钟内 {{host}} 上 {{unit}} 的日志中出现 {{count}} 次：{{meaning}}',
      severity: { error: '错误', warning: '警告', info: '提示', unknown: '未知' },
      areas: {
        api: 'API server',
        etcd: 'etcd',
        'control-plane': '控制平面',
        nodes: '节点',
        'add-ons': '附加组件',
        time: '时间',
        certificates: '证书',
        workloads: '工作负载'
      },
      pages: { certs: '打开证书', etcd: '打开 etcd', cluster: '打开集群', nodes: '打开节点', overview: '打开概览' },
      plans: { 'namespace-unstick': '生成解除卡住计划…', uncordon: '生成解除封锁计划…', 'csr-approve': '生成批准计划…' },
      dot: {
        error: '上次体检（{{at}}）：{{errors}} 个错误',
        warning: '上次体检（{{at}}）：{{warnings}} 个警告',
        ok: '上次体检（{{at}}）：健康'
      },
      upgrade: {
        open: '升级视图…',
        title: '版本与下一次升级',
        skew: 'API server 运行 {{api}}；kubeadm 每次只升级一个次版本（下一个是 {{next}}）：先升级控制平面，再升级 kubelet；kubelet 最多可比 API server 落后三个次版本，但绝不能更新。',
        behind: '{{n}} 个组件落后于 API server（已标出）。',
        plan: '{{host}} 上的 kubeadm upgrade plan'
      },
      join: {
        open: '加入命令…',
        title: '加入节点（kubeadm）',
        explain:
          '创建一个引导令牌（与 kubeadm token create 一样），并打印带有 CA 公钥哈希的 kubeadm join 命令。对于控制平面节点，会通过 SSH 在一台控制平面主机上上传证书（kubeadm init phase upload-certs）并加上证书密钥。',
        controlPlane: '控制平面节点',
        ttl: '令牌有效期（小时）',
        make: '生成命令',
        expires: '令牌将于 {{at}} 过期。',
        tokens: '引导令牌',
        forever: '永不过期',
        revoke: '吊销…',
        revokeTitle: '吊销引导令牌'
      }
    }
  }
}
