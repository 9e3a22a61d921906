// What features plug into the shell: pages in the navigation, widgets in the title bar (the
// active context), and overlays (the quick switcher). Only finished features are listed.
import type { ComponentType } from 'react'
import { ActiveContextWidget, ContextsOverlay, ContextsPage } from '../features/contexts'
import { OpenHostTerminal, TerminalsIndicator, TerminalsPage } from '../features/terminals'
import { EtcdPage } from '../features/etcd'
import { CertsPage } from '../features/certs'
import { LogsPage, NodeLogsAction } from '../features/logs'
import { NodesPage, SshPrompts, hostActions } from '../features/hosts'
import { OperationsPage } from '../features/operations'
import { NodeMaintenance, OverviewPage, ResourcesPage } from '../features/cluster'
import { DoctorPage } from '../features/doctor'
import { SettingsPage } from './SettingsPage'

export interface PageDef {
  id: string
  /** i18n key of the navigation label. */
  labelKey: string
  /** A short glyph for the navigation rail. */
  icon: string
  component: ComponentType
}

export const pages: PageDef[] = [
  { id: 'contexts', labelKey: 'contexts.nav', icon: '⎈', component: ContextsPage },
  { id: 'nodes', labelKey: 'hosts.nav', icon: '▤', component: NodesPage },
  { id: 'overview', labelKey: 'cluster.overviewNav', icon: '◎', component: OverviewPage },
  { id: 'cluster', labelKey: 'cluster.nav', icon: '◫', component: ResourcesPage },
  { id: 'doctor', labelKey: 'doctor.nav', icon: '✚', component: DoctorPage },
  { id: 'terminals', labelKey: 'terminals.nav', icon: '>_', component: TerminalsPage },
  { id: 'logs', labelKey: 'logs.nav', icon: '☰', component: LogsPage },
  { id: 'etcd', labelKey: 'etcd.nav', icon: '⛁', component: EtcdPage },
  { id: 'certs', labelKey: 'certs.nav', icon: '☑', component: CertsPage },
  { id: 'operations', labelKey: 'operations.nav', icon: '↻', component: OperationsPage },
  { id: 'settings', labelKey: 'app.settingsPage.nav', icon: '⚙', component: SettingsPage }
]
export const titleBarWidgets: ComponentType[] = [ActiveContextWidget, TerminalsIndicator]
export const overlays: ComponentType[] = [ContextsOverlay, SshPrompts]

// Per-host buttons on the Nodes page.
hostActions.push(OpenHostTerminal, NodeLogsAction, NodeMaintenance)
