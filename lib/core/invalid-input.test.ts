// How load errors print: each at file:line:col with its line, each message once, a long one clipped.
import { expect, test } from "bun:test";
import { InvalidInput, MESSAGE_LIMIT } from "./invalid-input.ts";

test("a preflight's list of what it tried is printed whole (it was cut at 500 characters, after the first engine)", () => {
  const engine = (name: string) => `  - ${name}: Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?; ${"start dockerd, or set DOCKER_HOST to the socket of a running engine ".repeat(5)}`;
  const message = ["compose: no compose engine answered. Tried, in order:", engine("`docker compose` 2.26.1"), engine("`docker-compose` 1.29.2"), engine("podman")].join("\n");
  expect(message.length).toBeGreaterThan(1000);
  expect(new InvalidInput([{ file: "s.yaml", message }]).format()).toBe(`s.yaml: ${message}\n1 error: nothing was run.`);
});

test("a message longer than the limit is clipped, saying by how much", () => {
  const text = new InvalidInput([{ file: "s.yaml", message: "x".repeat(MESSAGE_LIMIT + 10) }]).format();
  expect(text).toBe(`s.yaml: ${"x".repeat(MESSAGE_LIMIT)}… (10 more chars)\n1 error: nothing was run.`);
});
