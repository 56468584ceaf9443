import { describe, expect, test } from "bun:test";
import { credentialFieldValues } from "./credential-fields.ts";

describe("credentialFieldValues", () => {
  test("a token endpoint's members, any case and spacing, escapes decoded; nested ones too", () => {
    const body = JSON.stringify({ access_token: "tok-9f8e7d6c5b4a3210", token_type: "Bearer", refresh_token: 'r"efresh-123456', user: { password: "hunter22" } });
    expect(credentialFieldValues(body)).toEqual(["tok-9f8e7d6c5b4a3210", 'r"efresh-123456', "hunter22"]);
    const pretty = JSON.stringify({ accessToken: "camel-case-token-1", "client-secret": "kebab-secret-22", apiKey: "abcdef1234", API_KEY: "UPPER-key-3344", private_key: "-----BEGIN x\\ny-----" }, null, 2);
    expect(credentialFieldValues(pretty)).toEqual(["camel-case-token-1", "kebab-secret-22", "abcdef1234", "UPPER-key-3344", "-----BEGIN x\\ny-----"]);
  });

  test("short values, other members, non-strings and text that is no JSON member are left", () => {
    expect(credentialFieldValues(JSON.stringify({ password: "short", token_type: "Bearer-token-type", next_page_token: "zzzzzzzzzzzz", expires_in: 3600 }))).toBeUndefined();
    expect(credentialFieldValues(JSON.stringify({ access_token: 123456789012, refresh_token: null }))).toBeUndefined();
    expect(credentialFieldValues("password = hunter22hunter22 (a log line, no JSON)")).toBeUndefined();
    expect(credentialFieldValues("")).toBeUndefined();
  });
});
