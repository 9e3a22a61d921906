// Cluster day-2 actions, in English and 简体中文.
export const clusterStrings = {
  en: {
    cluster: {
      nav: 'Pods',
      pods: {
        title: 'Pods',
        context: 'Cluster context',
        followActive: 'Active context ({{name}})',
        namespace: 'Namespace',
        allNamespaces: 'All namespaces',
        search: 'Filter by name, status, node, IP',
        count: '{{shown}} of {{total}}',
        loading: 'Listing…',
        noContext: 'Choose a context to list its pods.',
        ago: 'ago',
        columns: { namespace: 'Namespace', name: 'Name', ready: 'Ready', status: 'Status', restarts: 'Restarts', age: 'Age', ip: 'IP', node: 'Node' }
      },
      node: {
        cordoned: 'cordoned',
        cordon: 'Cordon',
        uncordon: 'Uncordon',
        drain: 'Drain…',
        planTitle: 'Maintenance of {{node}}'
      },
      drain: {
        title: 'Drain {{node}}',
        explain:
          'Cordons the node, then evicts its pods through the Eviction API, as kubectl drain does. A PodDisruptionBudget that allows no disruption is named and retried until the timeout; its pods are never deleted around it. Mirror pods stay.',
        ignoreDaemonsets: 'Leave DaemonSet pods (--ignore-daemonsets)',
        deleteEmptydirData: 'Evict pods with emptyDir data; the data is lost (--delete-emptydir-data)',
        force: 'Also evict pods no controller recreates (--force)',
        grace: 'Grace period in seconds (--grace-period)',
        gracePlaceholder: "the pod's own",
        timeout: 'Keep trying for, in seconds (--timeout)',
        plan: 'Show the plan'
      }
    }
  },
  'zh-CN': {
    cluster: {
      nav: 'Pod',
      pods: {
        title: 'Pod',
        context: '集群上下文',
        followActive: '当前上下文（{{name}}）',
        namespace: '命名空间',
        allNamespaces: '所有命名空间',
        search: '按名称、状态、节点、IP 过滤',
        count: '{{shown}} / {{total}}',
        loading: '正在列出…',
        noContext: '选择一个上下文以列出其 Pod。',
        ago: '前',
        columns: { namespace: '命名空间', name: '名称', ready: '就绪', status: '状态', restarts: '重启', age: '存在时间', ip: 'IP', node: '节点' }
      },
      node: {
        cordoned: '已封锁',
        cordon: '封锁',
        uncordon: '解除封锁',
        drain: '排空…',
        planTitle: '{{node}} 的维护'
      },
      drain: {
        title: '排空 {{node}}',
        explain:
          '与 kubectl drain 一样：先封锁节点，再通过 Eviction API 驱逐其上的 Pod。不允许中断的 PodDisruptionBudget 会被指出并重试到超时；它保护的 Pod 绝不会被绕过删除。镜像 Pod 保留。',
        ignoreDaemonsets: '保留 DaemonSet 的 Pod（--ignore-daemonsets）',
        deleteEmptydirData: '驱逐带 emptyDir 数据的 Pod，数据会丢失（--delete-emptydir-data）',
        force: '同时驱逐没有控制器重建的 Pod（--force）',
        grace: '宽限期（秒）（--grace-period）',
        gracePlaceholder: 'Pod 自身的设置',
        timeout: '最长重试时间（秒）（--timeout）',
        plan: '查看计划'
      }
    }
  }
}
