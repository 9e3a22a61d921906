// The etcd domain's one door: discovery, health, backups and the catalog, restore and repair plans.
export { EtcdService, type EtcdServiceDeps } from './etcd-service'
export { clusterKeyOf } from './catalog'
export { buildRestorePlan } from './plans/restore'
export { buildRepairPlan } from './plans/repairs'
export { buildCronPlan } from './plans/cron'
