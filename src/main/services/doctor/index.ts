export { DoctorService, type DoctorServiceDeps, type DoctorOptions, type HealthMark } from './doctor-service'
export { caCertHash, certificateKeyFrom, type BootstrapToken, type JoinCommand } from './join'
