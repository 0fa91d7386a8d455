import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { createLink } from './link/create-link.ts';
import { startEngineSync } from './state/engine-sync.ts';
import { ApiContext } from './components/api-context.ts';
import './styles.css';

const api = startEngineSync(createLink());
createRoot(document.getElementById('root')!).render(
  <ApiContext.Provider value={api}>
    <App />
  </ApiContext.Provider>,
);
