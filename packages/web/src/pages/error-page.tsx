import { PageLayout } from '../layouts/page-layout';
import type { PageContext } from '../view-models';

export function ErrorPage({ ctx, status, message }: { ctx: PageContext; status: number; message: string }) {
  return (
    <PageLayout title={`Error ${status}`} ctx={ctx}>
      <div class="page-head">
        <h1>{status === 404 ? 'Not found' : 'Something went wrong'}</h1>
        <p class="subtle">{message}</p>
        <p>
          <a href="/">Back to stories</a>
        </p>
      </div>
    </PageLayout>
  );
}
