// Strings of the app shell. Each feature keeps its own strings file beside its components.
export const appStrings = {
  en: {
    app: {
      name: 'Kubedeck',
      nav: 'Main navigation',
      theme: 'Theme',
      themes: { light: 'Light', dark: 'Dark', system: 'System' },
      language: 'Language',
      settingsPage: {
        nav: 'Settings',
        title: 'Settings and about',
        choices: 'Choices',
        scrollback: 'Terminal scrollback',
        lines: 'lines',
        about: 'How this Kubedeck works',
        version: 'Version',
        transport: { electron: 'desktop app', web: 'web mode' },
        dataDir: 'Data folder (preferences, file history, journals, snapshots, audit log)',
        loginPath: 'PATH for exec credential plugins',
        fromLoginShell: 'Read from your login shell, as a terminal would have it.',
        fromProcess: 'Your login shell’s PATH could not be read ({{problem}}); this process’s PATH is used.',
        lockTimeout: 'Wait for another writer’s kubeconfig lock',
        seconds: '{{s}} s (KUBEDECK_LOCK_TIMEOUT_MS)',
        certThresholds: 'Certificate warnings',
        certDays: 'expiring within {{warn}} days; critical within {{critical}} days'
      },
      undo: 'Undo',
      undone: '{{file}} is back as it was.',
      redo: 'Redo',
      redone: 'Redid “{{reason}}” in {{file}}.',
      connection: { connecting: 'Connecting to Kubedeck…', open: 'This window is linked to Kubedeck', closed: 'Kubedeck is not reachable: reconnecting…' },
      dismiss: 'Dismiss',
      noActiveContext: 'No context',
      settings: 'Settings',
      close: 'Close',
      cancel: 'Cancel',
      ok: 'OK'
    }
  },
  'zh-CN': {
    app: {
      name: 'Kubedeck',
      nav: '主导航',
      theme: '主题',
      themes: { light: '浅色', dark: '深色', system: '跟随系统' },
      language: '语言',
      settingsPage: {
        nav: '设置',
        title: '设置与关于',
        choices: '选项',
        scrollback: '终端回滚行数',
        lines: '行',
        about: '此 Kubedeck 的工作方式',
        version: '版本',
        transport: { electron: '桌面应用', web: 'Web 模式' },
        dataDir: '数据目录（偏好设置、文件历史、操作日志、快照、审计日志）',
        loginPath: 'exec 凭据插件使用的 PATH',
        fromLoginShell: '从你的登录 shell 读取，与终端中的一致。',
        fromProcess: '无法读取登录 shell 的 PATH（{{problem}}）；使用本进程的 PATH。',
        lockTimeout: '等待其他写入者的 kubeconfig 锁',
        seconds: '{{s}} 秒（KUBEDECK_LOCK_TIMEOUT_MS）',
        certThresholds: '证书警告',
        certDays: '{{warn}} 天内到期为警告；{{critical}} 天内为严重'
      },
      undo: '撤销',
      undone: '{{file}} 已恢复原样。',
      redo: '重做',
      redone: '已在 {{file}} 中重做“{{reason}}”。',
      connection: { connecting: '正在连接 Kubedeck…', open: '此窗口已连接到 Kubedeck', closed: '无法连接 Kubedeck：正在重连…' },
      dismiss: '关闭',
      noActiveContext: '无上下文',
      settings: '设置',
      close: '关闭',
      cancel: '取消',
      ok: '确定'
    }
  }
} as const
