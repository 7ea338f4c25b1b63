import { Resend } from 'resend';

// The seed's build failed here ("Missing API key") because Resend was created at import time,
// during `next build`. Created per request instead, the build needs no secret, real or fake.
export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const resend = new Resend(process.env.RESEND_API_KEY);
  const { to, subject, html } = (await request.json()) as { to: string; subject: string; html: string };
  const { error } = await resend.emails.send({ from: 'SoloFlow <noreply@soloflow.io>', to, subject, html });
  return Response.json({ sent: !error }, { status: error ? 502 : 200 });
}
