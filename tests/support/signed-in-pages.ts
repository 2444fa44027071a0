/** A page request of a signed-in session: a GET, a form post carrying the CSRF token, or a body of one's own. */
export interface PageRequest {
  method?: string;
  form?: Record<string, string>;
  /** Sent as htmx sends it: with `hx-request` and the CSRF token as a header. */
  htmx?: boolean;
  body?: FormData;
}

/**
 * Signs in to a running app with a password and returns the session: its cookie, its CSRF
 * token, and `page()` to request pages with them (redirects are not followed).
 */
export async function signIn(appUrl: string, account: { email: string; password: string }) {
  const login = await fetch(`${appUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...account, next: '/' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  let csrf = '';
  const page = async (path: string, init: PageRequest = {}) => {
    const headers: Record<string, string> = { cookie };
    if (init.htmx) Object.assign(headers, { 'hx-request': 'true', 'x-csrf-token': csrf });
    let body: FormData | URLSearchParams | undefined = init.body;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ _csrf: csrf, ...init.form });
    }
    const res = await fetch(`${appUrl}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  };
  csrf = /name="_csrf" value="([^"]+)"/.exec((await page('/feeds')).html)![1]!;
  return { cookie, csrf, page };
}
