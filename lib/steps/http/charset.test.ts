// A response body is read in the charset its Content-Type names (when TextDecoder knows it), UTF-8 otherwise and always for JSON, by both clients; a cut body ends on a whole character.
import { afterEach, describe, expect, test } from "bun:test";
import { bodyRead, charsetOf } from "./body.ts";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { scriptedServer } from "../../../test/helpers/scripted-server.ts";
import { raw } from "../../../test/helpers/wire-diff.ts";

describe("charsetOf", () => {
  test("the charset parameter of a text type, by its WHATWG name; none, an unknown one and JSON's: UTF-8", () => {
    const cases: [string | null, string][] = [
      [null, "utf-8"],
      ["text/plain", "utf-8"],
      ["text/plain; charset=iso-8859-1", "windows-1252"],
      ["text/plain;charset=ISO-8859-1", "windows-1252"],
      ['text/html; charset="latin1"', "windows-1252"],
      ["text/plain; format=flowed; charset=windows-1251", "windows-1251"],
      ["text/plain; charset=utf-16le", "utf-16le"],
      ["text/csv; charset=shift_jis", "shift_jis"],
      ["text/plain; charset=no-such-thing", "utf-8"],
      ["text/plain; charset=", "utf-8"],
      ["application/json; charset=iso-8859-1", "utf-8"],
      ["application/problem+json; charset=utf-16", "utf-8"],
      ["Application/JSON; charset=latin1", "utf-8"],
    ];
    for (const [type, want] of cases) expect({ type, charset: charsetOf(type) }).toEqual({ type, charset: want });
  });
});

describe("bodyRead", () => {
  test("latin-1 bytes under charset=iso-8859-1 read as the characters they are", () => {
    expect(bodyRead(Buffer.from([0x63, 0x61, 0x66, 0xe9]), false, "text/plain; charset=iso-8859-1").text).toBe("café");
    // Without a charset the bytes are UTF-8, and E9 alone is no character of it.
    expect(bodyRead(Buffer.from([0x63, 0x61, 0x66, 0xe9]), false, "text/plain").text).toBe("caf\ufffd");
  });

  test("a body cut through a character ends before it, in any charset; a whole body keeps its broken end", () => {
    const euro = Buffer.from("ab€", "utf8"); // 61 62 E2 82 AC
    expect(bodyRead(euro.subarray(0, 4), true, "text/plain").text).toBe("ab");
    expect(bodyRead(euro.subarray(0, 4), true, null).text).toBe("ab");
    expect(bodyRead(euro.subarray(0, 4), false, null).text).toBe("ab\ufffd");
    const utf16 = Buffer.from("héllo", "utf16le");
    expect(bodyRead(utf16.subarray(0, 5), true, "text/plain; charset=utf-16le").text).toBe("hé");
    expect(bodyRead(utf16, true, "text/plain; charset=utf-16le").text).toBe("héllo");
    expect(bodyRead(utf16.subarray(0, 5), true, "text/plain; charset=utf-16le").bytes).toBe(5);
  });
});

describe("a byte order mark", () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("ERROR happened", "utf16le")]);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("ERROR happened", "utf16le").swap16()]);
  const u8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("ERROR happened")]);
  test("decides the encoding over the Content-Type's (none, another charset, JSON's UTF-8), as the WHATWG decode does, and is left out", () => {
    // UTF-16LE read as UTF-8 held no "ERROR": `not_contains: ERROR` passed on it.
    for (const type of [null, "text/plain", "text/plain; charset=utf-8", "text/plain; charset=iso-8859-1", "text/plain; charset=utf-16be", "application/json"]) {
      expect({ type, text: bodyRead(le, false, type).text }).toEqual({ type, text: "ERROR happened" });
      expect({ type, text: bodyRead(be, false, type).text }).toEqual({ type, text: "ERROR happened" });
      expect({ type, text: bodyRead(u8, false, type).text }).toEqual({ type, text: "ERROR happened" });
    }
    // A cut body too, ending on a whole character; a body that is only a mark is empty.
    expect(bodyRead(le.subarray(0, 7), true, "text/plain").text).toBe("ER");
    expect(bodyRead(be.subarray(0, 7), true, "text/plain").text).toBe("ER");
    expect(bodyRead(Buffer.from([0xff, 0xfe]), false, "text/plain").text).toBe("");
    // Bytes that start like a mark but are not one keep the label's reading.
    expect(bodyRead(Buffer.from([0xff, 0x41]), false, "text/plain; charset=iso-8859-1").text).toBe("ÿA");
  });
});

const saved = process.env.SCENARIO_HTTP_CLIENT;
afterEach(() => {
  if (saved === undefined) delete process.env.SCENARIO_HTTP_CLIENT;
  else process.env.SCENARIO_HTTP_CLIENT = saved;
});

/** A response with these headers and body bytes. */
const answer = (type: string, body: Uint8Array) => raw(`HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`, body);

for (const client of ["built-in", "fetch"] as const) {
  test(`${client} client: the body is read in the charset the Content-Type names; JSON is UTF-8`, async () => {
    if (client === "fetch") process.env.SCENARIO_HTTP_CLIENT = "fetch";
    else delete process.env.SCENARIO_HTTP_CLIENT;
    const bodies: Record<string, ReturnType<typeof answer>> = {
      "/latin1": answer("text/plain; charset=iso-8859-1", Buffer.from([0x63, 0x61, 0x66, 0xe9])),
      "/cp1252": answer("text/plain; charset=windows-1252", Buffer.from([0x80, 0x20, 0x35])),
      "/utf16": answer("text/plain; charset=utf-16le", Buffer.from("café", "utf16le")),
      "/json": answer("application/json; charset=iso-8859-1", Buffer.from('{"name":"café"}', "utf8")),
      "/bom-le": answer("text/plain", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("ERROR happened", "utf16le")])),
      "/bom-be-json": answer("application/json", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{"status":"ERROR"}', "utf16le").swap16()])),
      "/latin1-json": answer("text/plain; charset=iso-8859-1", Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])),
    };
    const server = scriptedServer((req) => bodies[req.target]!);
    try {
      const run = (path: string, expect: Record<string, unknown>) => step.run(step.schema.parse({ url: `${server.base}${path}`, expect }), testContext());
      const failures = async (path: string, expect: Record<string, unknown>) => (await run(path, expect)).checks.filter((c) => !c.ok).map((c) => `${c.path}: ${String(c.actual)}`);
      expect(await failures("/latin1", { body: "café" })).toEqual([]);
      expect(await failures("/cp1252", { body: "€ 5" })).toEqual([]);
      expect(await failures("/utf16", { body: "café" })).toEqual([]);
      expect(await failures("/json", { json: { "$.name": "café" } })).toEqual([]);
      expect(await failures("/latin1-json", { json: { "$.n": "é" } })).toEqual([]);
      // A UTF-16 body with its byte order mark, whatever the type says: the body and its JSON read as the same text.
      expect(await failures("/bom-le", { body: { not_contains: "ERROR" } })).toEqual(["body: ERROR happened"]);
      expect(await failures("/bom-le", { body: "ERROR happened" })).toEqual([]);
      expect(await failures("/bom-be-json", { body: { not_contains: "ERROR" }, json: { "$.status": "ERROR" } })).toEqual(['body: {"status":"ERROR"}']);
    } finally {
      server.stop();
    }
  });
}
