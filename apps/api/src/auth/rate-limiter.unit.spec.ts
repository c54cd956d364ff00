import { RateLimiter } from './rate-limiter';

describe('the rate limiter', () => {
  it('lets a user burst up to the limit, then refuses with the wait, and refills over the minute', () => {
    let now = 0;
    const limiter = new RateLimiter(6, () => now);
    for (let i = 0; i < 6; i++) expect(limiter.take('ann')).toBe(0);
    expect(limiter.take('ann')).toBe(10); // one request every 10 s at 6 a minute
    expect(limiter.take('bo')).toBe(0); // another user has a bucket of their own

    now += 10_000;
    expect(limiter.take('ann')).toBe(0);
    expect(limiter.take('ann')).toBeGreaterThan(0);

    now += 60_000;
    for (let i = 0; i < 6; i++) expect(limiter.take('ann')).toBe(0);
    expect(limiter.take('ann')).toBeGreaterThan(0);
  });
});
