// Strings of the app shell. Each feature keeps its own strings file beside its components.
export const appStrings = {
  en: {
    app: {
      name: 'Kubedeck',
      nav: 'Main navigation',
      theme: 'Theme',
      themes: { light: 'Light', dark: 'Dark', system: 'System' },
      language: 'Language',
      undo: 'Undo',
      undone: '{{file}} is back as it was.',
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
      undo: '撤销',
      undone: '{{file}} 已恢复原样。',
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
