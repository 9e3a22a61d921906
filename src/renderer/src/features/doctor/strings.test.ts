import { describeCatalog } from '../../../../../tests/kits/catalog-checks'
import { doctorStrings } from './strings'

const sources = import.meta.glob<string>('./*.tsx', { query: '?raw', import: 'default', eager: true })

describeCatalog('doctor', doctorStrings, { namespace: 'doctor', sources, minUsed: 10 })
