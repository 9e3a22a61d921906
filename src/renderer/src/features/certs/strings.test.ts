import { describeCatalog } from '../../../../../tests/kits/catalog-checks'
import { certsStrings } from './strings'

const sources = import.meta.glob<string>('./*.tsx', { query: '?raw', import: 'default', eager: true })

describeCatalog('certs', certsStrings, { namespace: 'certs', sources, minUsed: 40 })
