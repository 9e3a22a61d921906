export { NodeMaintenance } from './NodeMaintenance'
export { clusterStrings } from './strings'
