import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createRendererServices } from './services';
import { createStackLabStore } from './store';
import { StoreProvider } from './store/provider';

// The renderer's composition root: services, then the store, then the UI.
const services = createRendererServices(window.stacklab);
const store = createStackLabStore(services);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);

void store.getState().loadLabStatus();
