import { PageLayout } from '../layouts/page-layout';

/** Sign-in form; `setup` turns it into the first-run form that creates the admin. */
export function LoginPage({ error, next, email, setup }: { error: string | null; next: string; email: string; setup: boolean }) {
  return (
    <PageLayout title={setup ? 'Set up' : 'Sign in'} ctx={{ email: null, csrfToken: null, path: '/login' }}>
      <div class="auth-card">
        <h1>
          <span class="brand-mark" aria-hidden="true">
            ◉
          </span>{' '}
          newswatch
        </h1>
        <p class="subtle">{setup ? 'Create the administrator account to finish setting up.' : 'Sign in to your news monitor.'}</p>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action={setup ? '/setup' : '/login'}>
          <input type="hidden" name="next" value={next} />
          <label>
            Email
            <input type="email" name="email" value={email} required autocomplete="username" autofocus />
          </label>
          <label>
            Password
            <input type="password" name="password" required minlength={setup ? 8 : undefined} autocomplete={setup ? 'new-password' : 'current-password'} />
          </label>
          <button type="submit" class="primary">
            {setup ? 'Create account' : 'Sign in'}
          </button>
        </form>
      </div>
    </PageLayout>
  );
}
