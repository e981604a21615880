import { stat } from 'node:fs';
import {
  isConnectionTrouble,
  RedisGate,
  RedisUnavailableError,
  TimeoutError,
  withTimeout,
} from './redis-gate';

const never = (): Promise<never> => new Promise<never>(() => undefined);

describe('withTimeout', () => {
  it('settles as the promise does when it is in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 50, 'x')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('no')), 50, 'x')).rejects.toThrow('no');
  });

  it('rejects with a TimeoutError naming the call when there is no answer', async () => {
    await expect(withTimeout(never(), 10, 'PING')).rejects.toThrow(new TimeoutError('PING', 10));
  });

  it('lets an answer that came while the event loop was blocked win over the late timer', async () => {
    // In a check-phase callback (the last phase before the next loop's timers): one I/O round trip
    // (its callback runs in the poll phase), then the loop blocked past the timeout, so the timer
    // and the I/O completion are both due and the timers phase comes first.
    const { call } = await new Promise<{ call: Promise<string> }>((started) =>
      setImmediate(() => {
        const answered = new Promise<string>((resolve) =>
          stat(__filename, () => resolve('answer')),
        );
        started({ call: withTimeout(answered, 20, 'stat') });
        const until = Date.now() + 80;
        while (Date.now() < until) {
          // busy
        }
      }),
    );
    await expect(call).resolves.toBe('answer');
  });
});

describe('isConnectionTrouble', () => {
  it.each([
    [new TimeoutError('x', 1), true],
    [new Error('connect ECONNREFUSED 127.0.0.1:6379'), true],
    [new Error("Stream isn't writeable and enableOfflineQueue options is false"), true],
    [new Error('Connection is closed.'), true],
    [new Error('Job data is too large'), false],
  ])('%s → %s', (error, expected) => {
    expect(isConnectionTrouble(error)).toBe(expected);
  });
});

describe(RedisGate.name, () => {
  let now = 0;
  const gate = (): RedisGate => new RedisGate(20, 5_000, () => now);

  it('passes answers and errors that are not about the connection through', async () => {
    const g = gate();
    await expect(g.call('add', () => Promise.resolve('job-1'))).resolves.toBe('job-1');
    await expect(g.call('add', () => Promise.reject(new Error('bad job')))).rejects.toThrow(
      'bad job',
    );
    expect(g.isOpen).toBe(true);
  });

  it('after a timeout refuses at once for the cool-down, then tries again', async () => {
    const g = gate();
    now = 1_000;
    await expect(g.call('add', never)).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(g.isOpen).toBe(false);
    const called = jest.fn(() => Promise.resolve('x'));
    now = 5_999; // just inside the cool-down
    await expect(g.call('add', called)).rejects.toThrow(
      /Redis is unavailable .*add may not have been done/,
    );
    expect(called).not.toHaveBeenCalled();
    now = 6_000; // exactly at its end
    await expect(g.call('add', called)).resolves.toBe('x');
    expect(called).toHaveBeenCalledTimes(1);
  });

  it('closes on a refused connection too', async () => {
    const g = gate();
    now = 0;
    await expect(
      g.call('add', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1'))),
    ).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(g.isOpen).toBe(false);
  });
});
