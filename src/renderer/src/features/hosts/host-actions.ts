// The slot other features fill on each row of the Nodes page (the terminals feature puts its
// "Open terminal" button here, registered in app/registry.ts).
import type { ComponentType } from 'react'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { InventoryHost } from '@shared/model/ssh'

export interface HostActionProps {
  host: InventoryHost
  context: ContextRef
}

export const hostActions: ComponentType<HostActionProps>[] = []
