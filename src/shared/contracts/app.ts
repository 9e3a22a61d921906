// App-wide calls: about, preferences, and opening links outside the app.
import { z } from 'zod'
import { call } from './define'
import type { AppAbout, AppInfo, AppPreferences } from '../model/app'

export const appCalls = {
  'app.info': call<AppInfo>()(z.object({})),
  /** The Settings page's details: data folder, the PATH exec plugins run with, lock timeout, certificate thresholds. */
  'app.about': call<AppAbout>()(z.object({})),
  'app.preferences': call<AppPreferences>()(z.object({})),
  'app.setPreferences': call<AppPreferences>()(
    z.object({
      theme: z.enum(['light', 'dark', 'system']).optional(),
      language: z.enum(['en', 'zh-CN']).optional(),
      terminalScrollback: z.number().int().min(100).max(200_000).optional()
    })
  ),
  /** Only http(s) URLs: the web-links addon and help links go through here, never file: or custom schemes. */
  'app.openExternal': call<void>()(z.object({ url: z.url({ protocol: /^https?$/ }) }))
} as const
