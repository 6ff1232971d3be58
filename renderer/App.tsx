import { useEffect } from 'react';
import { Dashboard } from './components/Dashboard';
import { Login } from './components/Login';
import { Splash } from './components/Splash';
import { labSelectors } from './store/slices/lab/selectors';
import { useStackLab } from './store/provider';

/** Splash until the lab's APIs answer, then the login page, then the dashboard. */
export function App() {
  const engineReady = useStackLab(labSelectors.engineReady);
  const loggedIn = useStackLab((s) => s.session !== null);
  const theme = useStackLab((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  if (!engineReady) return <Splash />;
  return loggedIn ? <Dashboard /> : <Login />;
}
