import type { ApiClient } from './api-client';
import { waitFor } from './wait-for';

/** Posts a referral as `as` and waits until its workflow answers; returns the pathway id. */
export async function referAndWait(client: ApiClient, as: string, body: Record<string, unknown>): Promise<string> {
  const referral = await client.call('POST', '/referrals', as, body);
  if (referral.status !== 202) throw new Error(`the referral answered ${referral.status}: ${JSON.stringify(referral.body)}`);
  const id = referral.body.pathwayId as string;
  await waitFor(async () => ((await client.call('GET', `/pathways/${id}/live`, as)).status === 200 ? true : undefined), {
    what: 'the pathway workflow',
  });
  return id;
}
