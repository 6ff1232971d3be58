import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ServicesProvider } from './components/services-context';
import { createWebSocketBridge, takeSecret } from './ipc/ws-bridge';
import { createRendererServices } from './services';
import { createStackLabStore } from './store';
import { StoreProvider } from './store/provider';

// The renderer's composition root: the LabApi transport, services, then the store, then the UI.
// Inside the desktop app the preload exposes window.stacklab; in web mode (`stacklab serve --ui`)
// the same contract travels over a WebSocket, unlocked by the secret of the printed address.
function pickBridge() {
  if (window.stacklab) return window.stacklab;
  const token = takeSecret(window.location, window.sessionStorage, window.history);
  return token ? createWebSocketBridge({ origin: window.location.origin, token }) : undefined;
}

const services = createRendererServices(pickBridge(), window.localStorage);
const store = createStackLabStore(services);
services.lab.onEvent((event) => store.getState().onLabEvent(event));
services.lab.onProgress((progress) => store.getState().setLabProgress(progress));

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <ServicesProvider services={services}>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </ServicesProvider>
  </StrictMode>,
);

void store.getState().loadLabStatus();
