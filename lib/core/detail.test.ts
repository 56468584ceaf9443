// lazyDetail: its body is made on first read, once, and reads like a plain detail everywhere reports take one.
import { expect, test } from "bun:test";
import { lazyDetail } from "./detail.ts";

test("the body is made when first read, then kept; spreads, JSON and equality see it as a plain detail's", () => {
  let made = 0;
  const detail = lazyDetail("response", () => `HTTP 200 OK\n#${++made}`);
  expect(made).toBe(0);
  expect(detail.body).toBe("HTTP 200 OK\n#1");
  expect(detail.body).toBe("HTTP 200 OK\n#1");
  expect(made).toBe(1);
  expect({ ...detail }).toEqual({ title: "response", body: "HTTP 200 OK\n#1" });
  expect(JSON.parse(JSON.stringify(detail))).toEqual({ title: "response", body: "HTTP 200 OK\n#1" });
  expect(Object.entries(detail)).toEqual([["title", "response"], ["body", "HTTP 200 OK\n#1"]]);
});

test("once the body is made, what it was made from (a whole response body) is no longer kept by the detail", () => {
  const made = (): { detail: ReturnType<typeof lazyDetail>; source: WeakRef<object> } => {
    const response = { text: "x".repeat(1 << 20) };
    return { detail: lazyDetail("response", () => response.text.slice(0, 10)), source: new WeakRef(response) };
  };
  const { detail, source } = made();
  expect(detail.body).toBe("xxxxxxxxxx");
  for (let i = 0; i < 5 && source.deref() !== undefined; i++) Bun.gc(true);
  expect(source.deref()).toBeUndefined();
  expect(detail.body).toBe("xxxxxxxxxx");
});
