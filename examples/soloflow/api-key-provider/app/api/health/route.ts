// Health probe used by Docker and the runbook: answers 200 once the server is up.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' });
}
