import { describe, expect, it } from "vitest";
import {
  isSecretParam,
  REDACTED,
  redactHeaders,
  redactText,
  redactUrl,
} from "../../../lib/errors/redact.ts";

describe("isSecretParam()", () => {
  it("isSecretParam() flags credential names in any case or separator style", () => {
    for (
      const name of [
        "client_secret",
        "access_token",
        "token",
        "oauth_signature",
        "oauth_token",
        "oauth_consumer_key",
        "password",
        "secret",
        "apikey",
        "api_key",
        "key",
        "API-KEY",
        "refresh_token",
        "consumerSecret",
        "oauth%5Ftoken",
      ]
    ) {
      expect(isSecretParam(name), name).toBe(true);
    }
  });

  it("isSecretParam() leaves client_id and report parameters alone", () => {
    for (const name of ["client_id", "attemptedStartTime", "v", "offset", "monkey", "keys"]) {
      expect(isSecretParam(name), name).toBe(false);
    }
  });
});

describe("redactUrl()", () => {
  it("redactUrl() replaces secret query values and keeps everything else byte for byte", () => {
    const url = "https://va.cx-reporting.liveperson.net/api/account/1/app/prmsg/transactions/" +
      "?attemptedStartTime=1&client_id=my-app&client_secret=s3cr3t&access_token=tok%2Bx&q=a+b";
    expect(redactUrl(url)).toBe(
      "https://va.cx-reporting.liveperson.net/api/account/1/app/prmsg/transactions/" +
        "?attemptedStartTime=1&client_id=my-app&client_secret=REDACTED&access_token=REDACTED&q=a+b",
    );
  });

  it("redactUrl() redacts every listed parameter name", () => {
    const names = [
      "token",
      "oauth_signature",
      "oauth_token",
      "oauth_consumer_key",
      "password",
      "secret",
      "apikey",
      "api_key",
      "key",
    ];
    const url = `https://h/p?${names.map((name, i) => `${name}=value${i}`).join("&")}`;
    const redacted = redactUrl(url);
    expect(redacted).not.toMatch(/value\d/);
    expect(redacted).toBe(`https://h/p?${names.map((name) => `${name}=REDACTED`).join("&")}`);
  });

  it("redactUrl() replaces the userinfo", () => {
    expect(redactUrl("https://user:pa55@va.example.net:8443/x?y=1")).toBe(
      "https://REDACTED@va.example.net:8443/x?y=1",
    );
    expect(redactUrl("//token@host/x")).toBe("//REDACTED@host/x");
  });

  it("redactUrl() does not mistake an @ in the path for userinfo", () => {
    expect(redactUrl("https://host/users/a@b.c")).toBe("https://host/users/a@b.c");
  });

  it("redactUrl() redacts secrets in the fragment", () => {
    expect(redactUrl("https://app/cb#access_token=abc&state=xyz")).toBe(
      "https://app/cb#access_token=REDACTED&state=xyz",
    );
  });

  it("redactUrl() handles relative and unparseable URLs as strings", () => {
    expect(redactUrl("/api/x?token=abc&%zz=1")).toBe("/api/x?token=REDACTED&%zz=1");
    expect(redactUrl("not a url")).toBe("not a url");
  });

  it("redactUrl() keeps a parameter without a value", () => {
    expect(redactUrl("https://h/?token&x=1")).toBe("https://h/?token&x=1");
  });
});

describe("redactHeaders()", () => {
  it("redactHeaders() keeps the auth scheme and hides the credentials", () => {
    const result = redactHeaders({
      Authorization: "Bearer eyJhbGciOi.secret.sig",
      "Proxy-Authorization": "Basic dXNlcjpwYXNz",
      "Content-Type": "application/json",
    });
    expect(result).toEqual({
      authorization: `Bearer ${REDACTED}`,
      "proxy-authorization": `Basic ${REDACTED}`,
      "content-type": "application/json",
    });
  });

  it("redactHeaders() keeps only the scheme of an OAuth 1.0a header", () => {
    const value = 'OAuth oauth_consumer_key="ck", oauth_signature="sig%3D", oauth_token="tk"';
    expect(redactHeaders({ authorization: value })).toEqual({ authorization: "OAuth REDACTED" });
  });

  it("redactHeaders() redacts a bare authorization value entirely", () => {
    expect(redactHeaders({ authorization: "abcdef" })).toEqual({ authorization: "REDACTED" });
  });

  it("redactHeaders() redacts api keys, cookies and token headers from a Headers object", () => {
    const headers = new Headers({
      "x-api-key": "k1",
      cookie: "Session_id=abc",
      "set-cookie": "Session_id=def; HttpOnly",
      "x-auth-token": "t1",
      "retry-after": "2",
    });
    expect(redactHeaders(headers)).toEqual({
      "x-api-key": "REDACTED",
      cookie: "REDACTED",
      "set-cookie": "REDACTED",
      "x-auth-token": "REDACTED",
      "retry-after": "2",
    });
  });

  it("redactHeaders() does not modify its input", () => {
    const input = { Authorization: "Bearer abc" };
    redactHeaders(input);
    expect(input).toEqual({ Authorization: "Bearer abc" });
  });
});

describe("redactText()", () => {
  it("redactText() hides bearer tokens, URL userinfo and secret pairs", () => {
    const text = "jwt expired for Bearer eyJ.abc.def at https://u:p@h/x?client_secret=zz&v=1 " +
      'with oauth_signature="s1", client_id=app';
    const redacted = redactText(text);
    expect(redacted).toBe(
      "jwt expired for Bearer REDACTED at https://REDACTED@h/x?client_secret=REDACTED&v=1 " +
        "with oauth_signature=REDACTED, client_id=app",
    );
  });

  it("redactText() leaves ordinary text unchanged", () => {
    expect(redactText("Message failed to send: a=1")).toBe("Message failed to send: a=1");
  });
});
