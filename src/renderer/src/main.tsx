import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApi } from './api'
import { App } from './app/App'
import { initI18n } from './i18n'
import { ApiContext, StoreContext, createAppStore } from './store'
import './styles.css'

const api = createApi()
const store = createAppStore(api)
initI18n()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </ApiContext.Provider>
  </StrictMode>
)
