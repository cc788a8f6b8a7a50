import { watchForStalls } from './stall-watch';

describe('watchForStalls', () => {
  let clock = 0;
  beforeEach(() => {
    jest.useFakeTimers();
    clock = 0;
  });
  afterEach(() => jest.useRealTimers());
  const advance = (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      clock += 100;
      jest.advanceTimersByTime(100);
    }
  };
  const watch = (limitMs?: number) => {
    const notices: string[] = [];
    const limits: Array<[string, number]> = [];
    const w = watchForStalls({
      noticeAfterMs: 1000,
      repeatEveryMs: 2000,
      limitMs,
      tickMs: 100,
      now: () => clock,
      waitingOn: () => '[2/2] RUN npm ci',
      onNotice: (t) => notices.push(t),
      onLimit: (on, idle) => limits.push([on, idle]),
    });
    return { w, notices, limits };
  };

  it('says what the run waits on after the first silence, then every repeat, not before', () => {
    const { w, notices } = watch();
    advance(900);
    expect(notices).toEqual([]);
    advance(200);
    expect(notices).toEqual(['no progress for 1 s; waiting on [2/2] RUN npm ci']);
    advance(2000);
    expect(notices).toHaveLength(2);
    expect(notices[1]).toBe('no progress for 3 s; waiting on [2/2] RUN npm ci');
    w.stop();
  });

  it('starts counting again on each line of output', () => {
    const { w, notices } = watch();
    for (let i = 0; i < 10; i++) {
      advance(800);
      w.progress();
    }
    expect(notices).toEqual([]);
    w.stop();
  });

  it('gives up once at the limit, with what it waited on, and stops watching', () => {
    const { w, limits, notices } = watch(2500);
    advance(6000);
    expect(limits).toEqual([['[2/2] RUN npm ci', 2500]]);
    expect(notices).toHaveLength(1);
    w.stop();
  });

  it('never gives up without a limit', () => {
    const { w, limits } = watch();
    advance(20_000);
    expect(limits).toEqual([]);
    w.stop();
  });
});
