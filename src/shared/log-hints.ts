// Lines that mean something known, from the field notes and the field: each pattern with what
// it means in both languages, where Kubedeck fixes it, and a real line it must match (the
// unit test holds every entry to its sample). Data, read by the log viewer and the CLI alike.
export type HintFix = { page: 'certs' } | { page: 'etcd'; tab?: 'repairs' | 'overview' } | { page: 'nodes' }

export interface LogHint {
  id: string
  /** Matched against one line (case-sensitive, as the programs print them). */
  pattern: RegExp
  en: { title: string; meaning: string }
  zh: { title: string; meaning: string }
  fix?: HintFix
  /** A line as the program prints it: the test checks the pattern matches it. */
  sample: string
}

export const LOG_HINTS: LogHint[] = [
  {
    id: 'x509-expired',
    pattern: /x509: certificate has expired or is not yet valid/,
    en: {
      title: 'Certificate expired',
      meaning: 'A certificate in this TLS connection is past its end date (or the clocks disagree). The Certificates page shows which one and renews it.'
    },
    zh: { title: '证书已过期', meaning: '这次 TLS 连接中的某张证书已过期（或两端时钟不一致）。在“证书”页面可以看到是哪一张并续期。' },
    fix: { page: 'certs' },
    sample:
      'E1206 02:00:00.000000    1 reflector.go:158] Failed to watch *v1.Node: Get "https://10.0.0.1:6443/api/v1/nodes": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-12-06T02:00:00Z is after 2025-01-01T00:00:00Z'
  },
  {
    id: 'kubelet-client-expired',
    pattern: /client certificate has expired, but the server is not responsive/,
    en: {
      title: 'kubelet client certificate expired',
      meaning: 'The kubelet cannot reach the API server with its expired client certificate: the node goes NotReady. Rotate it from the Certificates page.'
    },
    zh: { title: 'kubelet 客户端证书已过期', meaning: 'kubelet 使用已过期的客户端证书无法连接 API server，节点会变为 NotReady。请在“证书”页面轮换。' },
    fix: { page: 'certs' },
    sample:
      'E1206 02:00:00.000000  812 certificate_manager.go:562] kubernetes.io/kube-apiserver-client-kubelet: Current certificate is expired, but the server is not responsive. A restart may be necessary to retrieve new initial credentials. client certificate has expired, but the server is not responsive'
  },
  {
    id: 'unknown-authority',
    pattern: /x509: certificate signed by unknown authority/,
    en: { title: 'Certificate from another CA', meaning: 'The peer presents a certificate its CA file does not vouch for: a CA replaced on one side only, or the wrong --cacert.' },
    zh: { title: '证书不是由受信任的 CA 签发', meaning: '对端证书不是由本端 CA 文件签发：可能只在一端替换了 CA，或使用了错误的 --cacert。' },
    fix: { page: 'certs' },
    sample: 'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority'
  },
  {
    id: 'client-ca-missing',
    pattern: /unable to load client CA file/,
    en: { title: 'Client CA file not readable', meaning: 'kube-apiserver cannot read its --client-ca-file (missing path or permissions) and will not start.' },
    zh: { title: '无法读取客户端 CA 文件', meaning: 'kube-apiserver 无法读取 --client-ca-file（路径不存在或权限不足），因此无法启动。' },
    fix: { page: 'certs' },
    sample: 'Validate server run options failed: unable to load client CA file: open /root/keys/ca.crt: permission denied'
  },
  {
    id: 'etcd-already-bootstrapped',
    pattern: /member [0-9a-f]+ has already been bootstrapped/,
    en: {
      title: 'etcd member already bootstrapped',
      meaning: 'The member has a data dir from an earlier cluster but is told to join as new: remove and add it again with a clean data dir (etcd repairs: rejoin member).'
    },
    zh: { title: 'etcd 成员已初始化过', meaning: '该成员的数据目录来自之前的集群，却被要求以新成员加入：需要移除后以空数据目录重新加入（etcd 修复：重新加入成员）。' },
    fix: { page: 'etcd', tab: 'repairs' },
    sample: 'Mar 05 14:27:15 k8s-node2 etcd[3248]: member 9c166b8b7cb6ecb8 has already been bootstrapped'
  },
  {
    id: 'etcd-wal-tmp-dir',
    pattern: /wal\/0\.tmp: is a directory/,
    en: { title: 'etcd WAL 0.tmp is a directory', meaning: 'etcd cannot save raft state because member/wal/0.tmp is a directory: move it aside (etcd repairs: WAL 0.tmp).' },
    zh: { title: 'etcd WAL 的 0.tmp 是目录', meaning: 'member/wal/0.tmp 是一个目录，etcd 无法保存 raft 状态：需要把它移走（etcd 修复：WAL 0.tmp）。' },
    fix: { page: 'etcd', tab: 'repairs' },
    sample: 'May 24 13:39:29 k8s-master etcd: raft save state and entries error: open /var/lib/etcd/default.etcd/member/wal/0.tmp: is a directory'
  },
  {
    id: 'etcd-clock-skew',
    pattern: /clock difference against peer [0-9a-f]+ is too high/,
    en: {
      title: 'Clocks differ between etcd members',
      meaning: 'A peer’s clock is off by more than etcd tolerates: leases and leader elections misbehave. Fix time sync (chrony/ntp) on the hosts.'
    },
    zh: { title: 'etcd 成员之间时钟不一致', meaning: '对端时钟偏差超过 etcd 的容忍范围，会导致租约和选主异常。请修复主机的时间同步（chrony/ntp）。' },
    fix: { page: 'etcd', tab: 'overview' },
    sample:
      '{"level":"warn","ts":"2026-12-06T02:00:00.000Z","caller":"rafthttp/probing_status.go:82","msg":"prober found high clock drift","remote-peer-id":"5c2a1b","clock-drift":"1.2s","rtt":"1ms","msg2":"the clock difference against peer 5c2a1b is too high [1.2s > 1s]"}'
  },
  {
    id: 'apiserver-refused',
    pattern: /dial tcp [^ ]+:6443: connect: connection refused/,
    en: { title: 'Nothing listens on 6443', meaning: 'The API server is not running on that address: see its static pod or unit logs (often a certificate or etcd problem).' },
    zh: { title: '6443 端口无人监听', meaning: '该地址上的 API server 没有运行：请查看它的静态 Pod 或服务日志（常见原因是证书或 etcd 问题）。' },
    fix: { page: 'nodes' },
    sample:
      'E1206 02:00:00.000000     812 kubelet_node_status.go:96] "Unable to register node with API server" err="Post \\"https://10.0.0.1:6443/api/v1/nodes\\": dial tcp 10.0.0.1:6443: connect: connection refused" node="node-1"'
  },
  {
    id: 'etcd-refused',
    pattern: /dial tcp [^ ]+:2379: connect: connection refused/,
    en: { title: 'Nothing listens on 2379', meaning: 'etcd is not running on that address: the API server cannot store anything. Check the etcd page.' },
    zh: { title: '2379 端口无人监听', meaning: '该地址上的 etcd 没有运行，API server 无法存取数据。请查看 etcd 页面。' },
    fix: { page: 'etcd', tab: 'overview' },
    sample:
      'W1206 02:00:00.000000       1 logging.go:59] [core] [Channel #1 SubChannel #2] grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379", ServerName: "127.0.0.1:2379", }. Err: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"'
  },
  {
    id: 'serving-csr-pending',
    pattern: /remote error: tls: internal error/,
    en: {
      title: 'kubelet has no serving certificate',
      meaning: 'kubectl logs and exec to this node fail while its kubelet serving CSR waits for approval. Approve it on the Certificates page.'
    },
    zh: { title: 'kubelet 没有服务端证书', meaning: 'kubelet 的服务端 CSR 尚未批准时，对该节点的 kubectl logs 和 exec 都会失败。请在“证书”页面批准。' },
    fix: { page: 'certs' },
    sample: 'Error from server: Get "https://10.0.0.2:10250/containerLogs/default/web/app": remote error: tls: internal error'
  },
  {
    id: 'metrics-apiservice',
    // kubectl's legacy discovery says the first; the API server, the second, when it cannot fetch the APIService's OpenAPI.
    pattern: /metrics\.k8s\.io\/v1beta1: the server is currently unable to handle the request|(?:loading OpenAPI spec for|failed to download) \\?"?v1beta1\.metrics\.k8s\.io/,
    en: {
      title: 'metrics API unavailable',
      meaning: 'The v1beta1.metrics.k8s.io APIService has no working backend (metrics-server down or unreachable): kubectl top and HPAs fail, and discovery is slow.'
    },
    zh: {
      title: 'metrics API 不可用',
      meaning: 'v1beta1.metrics.k8s.io 这个 APIService 没有可用后端（metrics-server 宕机或不可达）：kubectl top 和 HPA 会失败，发现接口也会变慢。'
    },
    sample: "E1206 02:00:00.000000   12345 memcache.go:287] couldn't get resource list for metrics.k8s.io/v1beta1: the server is currently unable to handle the request"
  }
]

/** The first hint whose pattern a line matches. */
export function hintFor(line: string): LogHint | undefined {
  // Cheap pre-check: every pattern needs one of these words.
  if (!/x509|client CA|has expired|bootstrapped|0\.tmp|clock difference|connection refused|tls: internal|metrics\.k8s/.test(line)) return undefined
  return LOG_HINTS.find((h) => h.pattern.test(line))
}
