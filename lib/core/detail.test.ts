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
