// The kubeconfig calls, mapped one to one onto the kubeconfig service.
import type { kubeconfigCalls } from '../../shared/contracts/kubeconfig'
import type { HandlersFor } from '../dispatch'
import type { KubeconfigService } from '../services/kubeconfig'

export function kubeconfigHandlers(k: KubeconfigService): HandlersFor<typeof kubeconfigCalls> {
  return {
    'kubeconfig.overview': () => k.overview(),
    'kubeconfig.useContext': ({ context }) => k.useContext(context),
    'kubeconfig.usePrevious': () => k.usePrevious(),
    'kubeconfig.setContext': ({ context, namespace, cluster, user }) => k.setContext(context, { namespace, cluster, user }),
    'kubeconfig.renameContext': ({ context, newName }) => k.renameContext(context, newName),
    'kubeconfig.deleteContext': ({ context, alsoCluster, alsoUser }) => k.deleteContext(context, { cluster: alsoCluster, user: alsoUser }),
    'kubeconfig.deletePreview': ({ context }) => k.deletePreview(context),
    'kubeconfig.contextEntries': ({ context }) => k.contextEntries(context),
    'kubeconfig.entryNames': ({ file }) => k.entryNames(file),
    'kubeconfig.setCluster': ({ context, ...o }) => k.setCluster(context, o),
    'kubeconfig.setCredentials': ({ context, ...o }) => k.setCredentials(context, o),
    'kubeconfig.createContext': (o) => k.createContext(o),
    'kubeconfig.importPreview': ({ path }) => k.importPreview(path),
    'kubeconfig.importPreviewText': ({ text, name }) => k.importPreviewText(text, name),
    'kubeconfig.importApply': ({ plan }) => k.importApply(plan),
    'kubeconfig.export': ({ context, path }) => k.export(context, path),
    'kubeconfig.view': ({ context, minify, flatten }) => k.view({ context, minify, flatten }),
    'kubeconfig.history': ({ file }) => k.history(file),
    'kubeconfig.undo': ({ file }) => k.undo(file),
    'kubeconfig.redo': ({ file }) => k.redo(file),
    'kubeconfig.redoable': ({ file }) => k.redoable(file),
    'kubeconfig.versionDiff': ({ file, id }) => k.versionDiff(file, id),
    'kubeconfig.restore': ({ file, id }) => k.restore(file, id),
    'kubeconfig.addFolder': ({ path }) => k.addFolder(path),
    'kubeconfig.removeFolder': ({ path }) => k.removeFolder(path),
    'kubeconfig.setPreferences': ({ context, favourite, colour }) => k.setPreferences(context, { favourite, colour }),
    'kubeconfig.testConnection': ({ context }) => k.testConnection(context),
    'kubeconfig.checkReachability': ({ context }) => k.checkReachability(context),
    'kubeconfig.namespaces': ({ context }) => k.namespaces(context)
  }
}
