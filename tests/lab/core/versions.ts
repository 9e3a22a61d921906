// Versions the lab's binaries are built at (tests/lab/build-binaries.sh and go/*/go.mod).
export const K8S_VERSION = 'v1.34.4'
