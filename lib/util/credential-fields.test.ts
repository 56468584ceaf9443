import { describe, expect, test } from "bun:test";
import { credentialFieldValues, credentialsIn, isCredentialName, urlPasswordsIn } from "./credential-fields.ts";

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

describe("credentialsIn: a credential written as text in a log line or a command's output", () => {
  test("NAME=VALUE and NAME: VALUE under a credential's name, any prefix and case; an Authorization header after its scheme; the word after Bearer", () => {
    expect(credentialsIn("level=info msg=login token=PlainTok3n-abcdefgh user=bob")).toEqual(["PlainTok3n-abcdefgh"]);
    expect(credentialsIn("DB_PASSWORD=Pl4inPass-word99\nGRAFANA_ADMIN_PASSWORD: 'Quoted-Pass77'")).toEqual(["Pl4inPass-word99", "Quoted-Pass77"]);
    // The well-known names a stack's environment prints (`env`, `docker inspect`, a crash dump): AWS's secret key,
    // libpq's PGPASSWORD and MySQL's MYSQL_PWD, glued or with `pwd` after a separator; PWD and OLDPWD are folders.
    expect(credentialsIn("AWS_ACCESS_KEY_ID=AKIAEXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfi\naws_secret_access_key = Ini5tyle-Key9")).toEqual(["wJalrXUtnFEMI/K7MDENG/bPxRfi", "Ini5tyle-Key9"]);
    expect(credentialsIn("PGPASSWORD=s3cretPassw0rd MYSQL_PWD=Hunter2Hunter2 db-pwd: Dash3dPwd-value")).toEqual(["s3cretPassw0rd", "Hunter2Hunter2", "Dash3dPwd-value"]);
    expect(credentialsIn("PWD=/home/u2/app1 OLDPWD=/srv/app2/x1 LPWD=/opt/x2/y")).toBeUndefined();
    expect(credentialFieldValues('{"aws_secret_access_key": "wJalrXUtnFEMI7MDENGbPx", "SecretAccessKey": "Cf9sGx7Lq2wZ8v"}')).toEqual(["wJalrXUtnFEMI7MDENGbPx", "Cf9sGx7Lq2wZ8v"]);
    expect(credentialsIn("GET /cb?code=1&access_token=9f8e7d6c5b4a&state=x")).toEqual(["9f8e7d6c5b4a"]);
    expect(credentialsIn("X-Api-Key: k3y-0a1b2c3d4e and client_secret = CliSecret-42.")).toEqual(["k3y-0a1b2c3d4e", "CliSecret-42"]);
    expect(credentialsIn("Authorization: Bearer eyJhbGciOi.J9x-Y8z")).toEqual(["eyJhbGciOi.J9x-Y8z"]);
    expect(credentialsIn("sent with bearer Tok3nAfterBearer today")).toEqual(["Tok3nAfterBearer"]);
    // A command line's options (a process list, a compose service's command).
    expect(credentialsIn("vllm serve m --api-key sk-Opt1onKey-99 --port 8000 --hf-token 'hf_AbCdEf123456' --tokens 12345678")).toEqual(["sk-Opt1onKey-99", "hf_AbCdEf123456"]);
    // A JSON member with its quotes escaped, as a command line shows it.
    expect(credentialsIn('echo "{\\"password\\": \\"JsonPassw0rd-x\\"}"')).toEqual(["JsonPassw0rd-x"]);
  });

  test("a value is found without the punctuation that ends a message or a sentence after it (`: expired`, `!`, `?`)", () => {
    expect(credentialsIn("auth failed for token=AbCdEf123456: expired")).toEqual(["AbCdEf123456"]);
    expect(credentialsIn("GET /x?access_token=Zz9Yy8Xx7Ww6: connection refused")).toEqual(["Zz9Yy8Xx7Ww6"]);
    expect(credentialsIn("rejected api_key=Kk7Jj6Hh5Gg4! and password: Hunter2Hunter2?")).toEqual(["Kk7Jj6Hh5Gg4", "Hunter2Hunter2"]);
    expect(credentialsIn("bearer Tok3nAfterBearer:, then")).toEqual(["Tok3nAfterBearer"]);
    // Inside the value, a colon stays: it is part of it.
    expect(credentialsIn("password=ab:cd:1234567 ok")).toEqual(["ab:cd:1234567"]);
  });

  test("a basic credential is masked encoded and its password decoded", () => {
    const basic = Buffer.from("usr:Ba5icPassw0rd").toString("base64");
    expect(credentialsIn(`proxy-authorization: Basic ${basic}`)).toEqual([basic, "Ba5icPassw0rd"]);
  });

  test("prose, references, masked values, short values and other names are left", () => {
    expect(credentialsIn("json $.password: expected == 1, actual Authentication failed")).toBeUndefined();
    expect(credentialsIn("password: Expected a string; token: missing")).toBeUndefined();
    expect(credentialsIn('curl -H "Authorization: Bearer ${TOKEN}" -u "bob:$PASSWORD" password=$DB_PASSWORD')).toBeUndefined();
    expect(credentialsIn("password=*** token=***-abc12345 secret=ab1")).toBeUndefined();
    expect(credentialsIn("tokens=12345678x keyboard=Qwerty1234 passage=Abc12345678 PASSWORD_FILE=/run/secrets/db1 max_tokens=4096")).toBeUndefined();
    // The shell's working folder is no password: env output shows it beside every path.
    expect(credentialsIn("PWD=/home/u2/app OLDPWD=/srv/app2")).toBeUndefined();
    expect(credentialsIn("a line that says nothing of credentials at all")).toBeUndefined();
  });

  test("JSON members are found as credentialFieldValues finds them", () => {
    expect(credentialsIn(JSON.stringify({ refresh_token: "r-1234567890" }))).toEqual(["r-1234567890"]);
  });
});

describe("urlPasswordsIn: the password of a URL a text shows", () => {
  test("after the userinfo's first `:`, up to its last `@`; an empty user; percent-decoded; long credential-like ones everywhere", () => {
    expect(urlPasswordsIn("connecting postgres://admin:s3cr3tpw@db:5432/x Traceback")).toEqual([{ password: "s3cr3tpw", everywhere: true }]);
    expect(urlPasswordsIn("redis://:sh0rt@cache:6379/0, amqp://guest:guest@mq/ and again postgres://admin:s3cr3tpw@db")).toEqual([
      { password: "sh0rt", everywhere: false },
      { password: "guest", everywhere: false },
      { password: "s3cr3tpw", everywhere: true },
    ]);
    expect(urlPasswordsIn('{"dsn":"mongodb+srv://app:P%40ss:w0rd@c0.example.net/db?retryWrites=true","owner":"bob@example.com"}')).toEqual([{ password: "P@ss:w0rd", everywhere: true }]);
    expect(urlPasswordsIn("http://u:p@ss@host/")).toEqual([{ password: "p@ss", everywhere: false }]);
    // Small letters only is no credential to mask everywhere (prose holds such words), but is in the URL.
    expect(urlPasswordsIn("postgres://app:correcthorse@db/x")).toEqual([{ password: "correcthorse", everywhere: false }]);
    // A user name that is an email address (SMTP, IMAP): the password still runs from its first `:` to the last `@`.
    expect(urlPasswordsIn("smtp://noreply@example.com:Hunter2pass@smtp.example.com:587")).toEqual([{ password: "Hunter2pass", everywhere: true }]);
  });

  test("a port and an email address in cells or settings after it are no password: it ends at `,` and `;`", () => {
    expect(urlPasswordsIn("1,http://svc:8080,bob@example.com")).toBeUndefined();
    expect(urlPasswordsIn("Server=http://db:5432;User=admin@corp.example;")).toBeUndefined();
  });

  test("no password: a user alone, a port, an `@` past the authority, an email, no scheme; a reference or a masked value is none", () => {
    for (const text of [
      "https://ann@git.example.com/r.git",
      "http://host:8080/a?b=c@d and http://host:8080/x@y",
      "mail bob@example.com or user:pw@host (no scheme)",
      "ssh://git@github.com:22/r and http://[::1]:8080/ then x@y",
      "postgres://app:${PASS}@db postgres://app:$PASS@db postgres://app:***@db",
      'a "http://host:8080" then "x:y@z"',
      "no url here @ all",
    ]) expect({ text, found: urlPasswordsIn(text) }).toEqual({ text, found: undefined });
  });
});

describe("isCredentialName: a name (a CSV column's) that says its value is a credential, as a name before = or : does", () => {
  test("the names of credentials, after any prefix ending in a character that is no letter or digit, any case", () => {
    for (const name of ["password", "PASSWORD", "passwd", "DB_PASSWORD", "db-password", " password", "token", "api_token", "accessToken", "secret", "client_secret", "api_key", "apikey", "private_key", "aws_secret_access_key", "pgpassword", "MYSQL_PWD"]) {
      expect({ name, is: isCredentialName(name) }).toEqual({ name, is: true });
    }
    for (const name of ["pwd", "oldpwd", "tokens", "token_type", "password_hash", "passport", "level", "keyboard", "secretary", ""]) {
      expect({ name, is: isCredentialName(name) }).toEqual({ name, is: false });
    }
  });
});
