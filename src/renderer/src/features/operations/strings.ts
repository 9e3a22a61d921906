// Strings of the plan view and operation history. Both languages complete (a unit test checks).
export const operationsStrings = {
  en: {
    operations: {
      loading: 'Reading the operation’s journal…',
      context: 'Context {{context}}',
      journal: 'Journal:',
      warnings: 'Before you confirm',
      preflight: 'pre-flight',
      destructive: 'changes the cluster',
      thisMachine: 'this machine',
      command: 'Command',
      check: 'Check:',
      undo: 'Undo:',
      retry: '(retried for up to {{seconds}} s)',
      output: 'Output',
      typeToConfirm: 'Type the context name “{{name}}” to confirm',
      run: 'Run',
      resume: 'Resume from the failed step',
      rollback: 'Roll back',
      cancel: 'Cancel the running step',
      abandon: 'Close without running',
      history: 'Operations',
      historyEmpty: 'No operations yet.',
      open: 'Open',
      state: {
        planned: 'planned',
        running: 'running',
        succeeded: 'succeeded',
        refused: 'refused: nothing changed',
        failed: 'failed',
        interrupted: 'interrupted',
        'rolling-back': 'rolling back',
        'rolled-back': 'rolled back',
        'rollback-failed': 'rollback failed',
        abandoned: 'closed'
      },
      status: {
        pending: 'pending',
        running: 'running',
        succeeded: 'done',
        failed: 'failed',
        interrupted: 'interrupted',
        skipped: 'skipped',
        undoing: 'undoing',
        undone: 'undone',
        'undo-failed': 'undo failed'
      }
    }
  },
  'zh-CN': {
    operations: {
      loading: '正在读取操作日志…',
      context: '上下文 {{context}}',
      journal: '日志：',
      warnings: '确认前请注意',
      preflight: '预检',
      destructive: '会改动集群',
      thisMachine: '本机',
      command: '命令',
      check: '检查：',
      undo: '撤销：',
      retry: '（最多重试 {{seconds}} 秒）',
      output: '输出',
      typeToConfirm: '输入上下文名称“{{name}}”以确认',
      run: '执行',
      resume: '从失败的步骤继续',
      rollback: '回滚',
      cancel: '取消正在执行的步骤',
      abandon: '不执行并关闭',
      history: '操作记录',
      historyEmpty: '还没有操作。',
      open: '打开',
      state: {
        planned: '已计划',
        running: '执行中',
        succeeded: '成功',
        refused: '已拒绝：未做任何改动',
        failed: '失败',
        interrupted: '被中断',
        'rolling-back': '回滚中',
        'rolled-back': '已回滚',
        'rollback-failed': '回滚失败',
        abandoned: '已关闭'
      },
      status: {
        pending: '等待',
        running: '执行中',
        succeeded: '完成',
        failed: '失败',
        interrupted: '被中断',
        skipped: '跳过',
        undoing: '撤销中',
        undone: '已撤销',
        'undo-failed': '撤销失败'
      }
    }
  }
} as const
