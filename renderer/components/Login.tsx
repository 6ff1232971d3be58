import { useState, type FormEvent } from 'react';
import { useStackLab } from '../store/provider';
import { TextField } from './Field';

/** Horizon's login: user name, password, domain (Default); admin or demo from keystonerc_*. */
export function Login() {
  const login = useStackLab((s) => s.login);
  const pending = useStackLab((s) => s.loginPending);
  const error = useStackLab((s) => s.loginError);
  const ready = useStackLab((s) => s.connection === 'ready' && s.status?.engine === 'ready');
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [domain, setDomain] = useState('Default');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void login(username, password, domain);
  };
  return (
    <main className="login">
      <form className="login__box" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title" className="login__brand">
          StackLab
        </h1>
        <p className="login__hint">Log in with a user of the lab: admin or demo (the password is in keystonerc_admin / keystonerc_demo).</p>
        <TextField label="Domain" name="domain" value={domain} onChange={setDomain} required />
        <TextField label="User Name" name="username" value={username} onChange={setUsername} required autoComplete="username" />
        <TextField label="Password" name="password" type="password" value={password} onChange={setPassword} required autoComplete="current-password" />
        {error && (
          <p className="alert alert--error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn--primary login__submit" disabled={pending || !ready}>
          {pending ? 'Signing in…' : 'Sign In'}
        </button>
      </form>
    </main>
  );
}
