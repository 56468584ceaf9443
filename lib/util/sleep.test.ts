// Timers longer than setTimeout takes (2^31 - 1 ms, about 24.8 days) wait their whole time instead of firing at once.
import { expect, test } from "bun:test";
import { setLongTimeout, sleep } from "./sleep.ts";

test("a sleep longer than a timer takes is still waiting when a short timer fires (it ended after 1 ms)", async () => {
  const ac = new AbortController();
  const first = await Promise.race([sleep(3e9, ac.signal).then(() => "sleep"), new Promise((r) => setTimeout(r, 50, "short timer"))]);
  ac.abort();
  expect(first).toBe("short timer");
});

test("a long delay is waited in turns of the longest timer, and can be cancelled between them", async () => {
  const start = performance.now();
  const waited = await new Promise<number>((resolve) => setLongTimeout(() => resolve(performance.now() - start), 70, 20));
  expect(waited).toBeGreaterThanOrEqual(69);
  let fired = false;
  const cancel = setLongTimeout(() => (fired = true), 60, 20);
  await new Promise((r) => setTimeout(r, 30));
  cancel();
  await new Promise((r) => setTimeout(r, 60));
  expect(fired).toBe(false);
});

test("a deadline never fires before its time by performance.now() (Bun's timer fires up to 1 ms early on a fractional delay)", async () => {
  let early = 0;
  for (let i = 0; i < 40; i++) {
    const ms = 2 + (i % 7) / 7;
    const due = performance.now() + ms;
    await new Promise<void>((resolve) =>
      setLongTimeout(() => {
        if (performance.now() < due) early++;
        resolve();
      }, ms),
    );
  }
  expect(early).toBe(0);
});
