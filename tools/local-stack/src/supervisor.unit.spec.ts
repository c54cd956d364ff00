import { partDownAdvice, watchParts, type WatchedPart } from './monitor';
import { restartDelay, supervise, type Supervised } from './supervisor';

describe('restart backoff', () => {
  it('doubles with each crash in a row from 1 s, and never waits more than 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((crashes) => restartDelay(crashes))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('a supervised process (real child processes)', () => {
  let supervised: Supervised | undefined;
  afterEach(async () => {
    await supervised?.stop();
    supervised = undefined;
  });

  it('is started again after it crashes, and says so, while a stop ends it for good', async () => {
    const reports: string[] = [];
    const starts: string[] = [];
    let restarted!: () => void;
    const twoRestarts = new Promise<void>((resolve) => (restarted = resolve));
    supervised = supervise({
      name: 'crasher',
      command: process.execPath,
      // Prints a line, then dies: the first two runs at once, the third stays up.
      args: ['-e', "console.log('up'); if (Number(process.env.RUN) < 2) process.exit(3); setInterval(() => {}, 1000);"],
      cwd: process.cwd(),
      get env() {
        return { ...process.env, RUN: String(starts.length) };
      },
      onLine: (line) => {
        if (line !== 'up') return;
        starts.push(line);
        if (starts.length === 3) restarted();
      },
      report: (message) => reports.push(message),
      backoff: { initialMs: 10, maxMs: 40, healthyAfterMs: 60_000 },
    });
    await twoRestarts;
    expect(supervised.restarts).toBe(2);
    expect(reports).toEqual([
      'the crasher stopped unexpectedly (exit 3); starting it again in 0.01 s (the rest keeps running)',
      'the crasher stopped unexpectedly (exit 3); starting it again in 0.02 s (the rest keeps running)',
    ]);
    const pid = supervised.pid;
    expect(pid).toBeDefined();
    await supervised.stop();
    expect(supervised.pid).toBeUndefined();
    expect(() => process.kill(pid!, 0)).toThrow();
    expect(reports).toHaveLength(2);
  });

  it('gives up after too many crashes in a row, and says so', async () => {
    let gaveUp!: (message: string) => void;
    const lastWord = new Promise<string>((resolve) => (gaveUp = resolve));
    supervised = supervise({
      name: 'hopeless',
      command: process.execPath,
      args: ['-e', 'process.exit(1)'],
      cwd: process.cwd(),
      env: process.env,
      onLine: () => undefined,
      report: (message) => {
        if (message.includes('not starting it again')) gaveUp(message);
      },
      backoff: { initialMs: 1, maxMs: 2, healthyAfterMs: 60_000 },
      maxCrashesInARow: 2,
    });
    expect(await lastWord).toBe('the hopeless stopped (exit 1) 3 times in a row; not starting it again. See its output above.');
    expect(supervised.restarts).toBe(2);
  });
});

describe('watching the stack', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reports a part that stops answering with what to do, once, and again when it is back', async () => {
    const kafka: WatchedPart = { name: 'kafka', external: false, running: true, address: '127.0.0.1:9092' };
    const temporal: WatchedPart = { name: 'temporal', external: false, running: true, address: '127.0.0.1:7233' };
    const reports: string[] = [];
    const stop = watchParts(() => Promise.resolve([{ ...kafka }, { ...temporal }]), (message) => reports.push(message), 1_000);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(reports).toEqual([]);
    kafka.running = false;
    await jest.advanceTimersByTimeAsync(3_000);
    expect(reports).toEqual([partDownAdvice(kafka)]);
    expect(reports[0]).toMatch(/^Kafka is down: commands are still answered.*npm run stack -- start/);
    kafka.running = true;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(reports[1]).toBe('Kafka is back at 127.0.0.1:9092.');
    stop();
  });

  it('points at the service itself when it is not ours', () => {
    expect(partDownAdvice({ name: 'postgres', external: true, address: 'postgres://db.example/sarp' })).toMatch(
      /^PostgreSQL is down: reads answer 503.*your own service at postgres:\/\/db.example\/sarp/,
    );
  });
});
