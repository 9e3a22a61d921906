// English and 简体中文. Each feature contributes a `{ en, 'zh-CN' }` object of nested strings;
// they are merged into one translation per language. A key missing in zh-CN falls back to en.
import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { LanguageCode } from '@shared/model/app'
import { contextsStrings } from '../features/contexts'
import { terminalsStrings } from '../features/terminals'
import { operationsStrings } from '../features/operations'
import { etcdStrings } from '../features/etcd'
import { hostsStrings } from '../features/hosts'
import { certsStrings } from '../features/certs'
import { logsStrings } from '../features/logs'
import { clusterStrings } from '../features/cluster'
import { doctorStrings } from '../features/doctor'
import { appStrings } from './app'

type Strings = { en: Record<string, unknown>; 'zh-CN': Record<string, unknown> }
const parts: Strings[] = [appStrings, contextsStrings, terminalsStrings, operationsStrings, etcdStrings, hostsStrings, certsStrings, logsStrings, clusterStrings, doctorStrings]

function merge(lang: LanguageCode): Record<string, unknown> {
  return Object.assign({}, ...parts.map((p) => p[lang]))
}

export function initI18n(language: LanguageCode = 'en'): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: merge('en') }, 'zh-CN': { translation: merge('zh-CN') } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false
  })
  return i18n
}

export const languages: { code: LanguageCode; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' }
]
