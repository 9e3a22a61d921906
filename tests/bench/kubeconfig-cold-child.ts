// A fresh process's first look at the kubeconfigs (kubeconfig.bench.ts runs it, bundled):
// the app service's construction and first overview, timed from inside. argv: <KUBECONFIG> <dataDir>
import { KubeconfigService } from '../../src/main/services/kubeconfig'

const [kubeconfig, dataDir] = process.argv.slice(2)
const started = performance.now()
const svc = new KubeconfigService({ dataDir, env: { ...process.env, KUBECONFIG: kubeconfig }, watch: false, loginShell: false })
const overview = await svc.overview()
const overviewMs = performance.now() - started
svc.close()
process.stdout.write(JSON.stringify({ overviewMs, contexts: overview.contexts.length }))
