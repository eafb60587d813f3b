import { describe, expect, it } from "vitest";
import {
  formParameters,
  type OAuth1Credentials,
  oauth1Signature,
  parseOAuth1Header,
  percentEncode,
  signatureBaseString,
  signBaseString,
  signOAuth1,
} from "../../../lib/auth/oauth1.ts";

// OAuth Core 1.0, Appendix A.5 (the "photos" example).
const PHOTOS: OAuth1Credentials = {
  consumerKey: "dpf43f3p2l4k3l03",
  consumerSecret: "kd94hf93k423kf44",
  token: "nnch734d00sl2jdk",
  tokenSecret: "pfkkdhi9sl3r4s00",
};
const PHOTOS_PARAMS = { nonce: "kllo9940pd9333jh", timestamp: 1191242096 };
const PHOTOS_SIGNATURE = "tR3+Ty81lMeYAr/Fid0kMTYa/WM=";

// Reserved characters everywhere; the expected signature was computed with Python's
// urllib.parse.quote(safe="~") and hmac, independently of this code.
const RESERVED: OAuth1Credentials = {
  consumerKey: "key +/=&%~*é",
  consumerSecret: "s3cr3t &=+/%~*ü😀",
  token: "tok en+/=&",
  tokenSecret: "t&s=%~*",
};
const RESERVED_URL = "https://va.cx-reporting.liveperson.net/api/account/10000001/app/prmsg/" +
  "transactions/?q=a%20b%2Bc&x=%2F%3D%26%25~*&u=%C3%A9%F0%9F%98%80&q=!'()";

function paramsOf(header: string): Record<string, string> {
  const params = parseOAuth1Header(header);
  if (params === null) throw new Error(`not an OAuth header: ${header}`);
  return params;
}

describe("percentEncode()", () => {
  it("percentEncode() keeps unreserved characters", () => {
    expect(percentEncode("AZaz09-._~")).toBe("AZaz09-._~");
  });

  it("percentEncode() encodes reserved characters as uppercase %XX", () => {
    expect(percentEncode(" +/=&%*!'()")).toBe("%20%2B%2F%3D%26%25%2A%21%27%28%29");
  });

  it("percentEncode() encodes UTF-8 bytes", () => {
    expect(percentEncode("é😀")).toBe("%C3%A9%F0%9F%98%80");
  });
});

describe("signatureBaseString()", () => {
  it("signatureBaseString() matches the RFC 5849 §3.4.1 example", () => {
    const url = "http://EXAMPLE.COM:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
    const body = [...new URLSearchParams("c2&a3=2+q")];
    const oauth: [string, string][] = [
      ["oauth_consumer_key", "9djdj82h48djs9d2"],
      ["oauth_token", "kkk9d7dh3k39sjv7"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131201"],
      ["oauth_nonce", "7d8f3e4a"],
    ];
    const base = signatureBaseString("post", url, [...oauth, ...body]);
    const [method, uri, normalized] = base.split("&");
    expect(method).toBe("POST");
    expect(decodeURIComponent(uri ?? "")).toBe("http://example.com/request");
    // The parameter string as it sits in the base string, with only "=" and "&" shown plainly.
    expect(normalized?.replaceAll("%3D", "=").replaceAll("%26", "&")).toBe(
      "a2=r%2520b&a3=2%2520q&a3=a&b5=%253D%25253D&c%2540=&c2=&" +
        "oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&" +
        "oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7",
    );
    // RFC 5849 §3.4.1.1, verbatim.
    expect(base).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q" +
        "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_" +
        "key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m" +
        "ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk" +
        "9d7dh3k39sjv7",
    );
  });

  it("signatureBaseString() keeps a non-default port and drops the fragment", () => {
    const base = signatureBaseString("GET", "https://Example.com:8443/a/b?x=1#frag", []);
    expect(base).toBe("GET&https%3A%2F%2Fexample.com%3A8443%2Fa%2Fb&x%3D1");
  });

  it("signatureBaseString() sorts duplicate names by value", () => {
    const base = signatureBaseString("GET", "http://h/?z=2&a=b&z=1&a=a", []);
    expect(base.split("&")[2]).toBe(percentEncode("a=a&a=b&z=1&z=2"));
  });
});

describe("oauth1Signature()", () => {
  it("oauth1Signature() reproduces the OAuth Core 1.0 photos example", async () => {
    const url = "http://photos.example.net/photos?file=vacation.jpg&size=original";
    expect(await oauth1Signature("GET", url, PHOTOS, PHOTOS_PARAMS)).toBe(PHOTOS_SIGNATURE);
  });

  it("oauth1Signature() signs reserved characters in keys, secrets and values", async () => {
    const signature = await oauth1Signature("GET", RESERVED_URL, RESERVED, {
      nonce: "n0nce",
      timestamp: 1700000000,
    });
    expect(signature).toBe("iM7jKDJSuETtwggJ8UIgD+1BvpY=");
  });

  it("oauth1Signature() percent-encodes each secret before joining them with &", async () => {
    const url = "http://h/";
    const a = await oauth1Signature("GET", url, {
      ...PHOTOS,
      consumerSecret: "a&b",
      tokenSecret: "c",
    }, PHOTOS_PARAMS);
    const b = await oauth1Signature("GET", url, {
      ...PHOTOS,
      consumerSecret: "a",
      tokenSecret: "b&c",
    }, PHOTOS_PARAMS);
    expect(a).not.toBe(b);
  });
});

describe("signBaseString()", () => {
  it("signBaseString() signs the photos base string", async () => {
    const base = "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26" +
      "oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26" +
      "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26" +
      "oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal";
    expect(await signBaseString(base, PHOTOS)).toBe(PHOTOS_SIGNATURE);
  });
});

describe("signOAuth1()", () => {
  it("signOAuth1() builds the photos example header from a Request", async () => {
    const request = new Request("http://photos.example.net/photos?file=vacation.jpg&size=original");
    const header = await signOAuth1(request, PHOTOS, PHOTOS_PARAMS);
    expect(header).toBe(
      'OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="kllo9940pd9333jh", ' +
        'oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D", oauth_signature_method="HMAC-SHA1", ' +
        'oauth_timestamp="1191242096", oauth_token="nnch734d00sl2jdk", oauth_version="1.0"',
    );
  });

  it("signOAuth1() signs form body parameters without consuming the body", async () => {
    // Twitter's "Creating a signature" example (developer.twitter.com).
    const body = "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21";
    const request = new Request(
      "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
      { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } },
    );
    const header = await signOAuth1(request, {
      consumerKey: "xvz1evFS4wEEPTGEFPHBog",
      consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
      token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
      tokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
    }, { nonce: "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", timestamp: 1318622958 });
    expect(paramsOf(header)["oauth_signature"]).toBe("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    expect(request.bodyUsed).toBe(false);
    expect(await request.text()).toBe(body);
  });

  it("signOAuth1() ignores bodies that are not form-encoded", async () => {
    const url = "http://photos.example.net/photos?file=vacation.jpg&size=original";
    const request = new Request(url, {
      method: "POST",
      body: "extra=1",
      headers: { "content-type": "application/json" },
    });
    const params = paramsOf(await signOAuth1(request, PHOTOS, PHOTOS_PARAMS));
    expect(params["oauth_signature"]).toBe(
      await oauth1Signature("POST", url, PHOTOS, PHOTOS_PARAMS),
    );
  });

  it("signOAuth1() draws a fresh 32-hex-character nonce per call", async () => {
    const request = new Request("https://va.cx-reporting.liveperson.net/x");
    const first = paramsOf(await signOAuth1(request, PHOTOS, { timestamp: 1 }));
    const second = paramsOf(await signOAuth1(request, PHOTOS, { timestamp: 1 }));
    expect(first["oauth_nonce"]).toMatch(/^[0-9a-f]{32}$/);
    expect(second["oauth_nonce"]).toMatch(/^[0-9a-f]{32}$/);
    expect(first["oauth_nonce"]).not.toBe(second["oauth_nonce"]);
    expect(first["oauth_signature"]).not.toBe(second["oauth_signature"]);
  });

  it("signOAuth1() takes the timestamp from an injected now", async () => {
    const request = new Request("https://va.cx-reporting.liveperson.net/x");
    const params = paramsOf(await signOAuth1(request, PHOTOS, { now: 1_700_000_000_999 }));
    expect(params["oauth_timestamp"]).toBe("1700000000");
  });

  it("signOAuth1() defaults the timestamp to the current clock", async () => {
    const before = Math.floor(Date.now() / 1000);
    const params = paramsOf(await signOAuth1(new Request("https://h/"), PHOTOS));
    const after = Math.floor(Date.now() / 1000);
    expect(Number(params["oauth_timestamp"])).toBeGreaterThanOrEqual(before);
    expect(Number(params["oauth_timestamp"])).toBeLessThanOrEqual(after);
  });

  it("signOAuth1() rejects a fractional timestamp", async () => {
    await expect(signOAuth1(new Request("https://h/"), PHOTOS, { timestamp: 1.5 })).rejects
      .toThrow(RangeError);
  });

  it("signOAuth1() percent-encodes reserved characters in header values", async () => {
    const header = await signOAuth1(new Request(RESERVED_URL), RESERVED, {
      nonce: "n0nce",
      timestamp: 1700000000,
    });
    expect(header).toContain('oauth_consumer_key="key%20%2B%2F%3D%26%25~%2A%C3%A9"');
    expect(header).toContain('oauth_token="tok%20en%2B%2F%3D%26"');
    expect(header).toContain('oauth_signature="iM7jKDJSuETtwggJ8UIgD%2B1BvpY%3D"');
  });
});

describe("formParameters()", () => {
  it("formParameters() decodes a form body with a charset parameter and leaves it readable", async () => {
    const request = new Request("https://h/", {
      method: "POST",
      body: new URLSearchParams([["a b", "c+d"], ["a b", "é"]]),
    });
    expect(request.headers.get("content-type")).toContain("charset");
    expect(await formParameters(request)).toEqual([["a b", "c+d"], ["a b", "é"]]);
    expect(request.bodyUsed).toBe(false);
  });

  it("formParameters() throws when the body was already read", async () => {
    const request = new Request("https://h/", { method: "POST", body: new URLSearchParams("a=1") });
    await request.text();
    await expect(formParameters(request)).rejects.toThrow(TypeError);
  });
});

describe("parseOAuth1Header()", () => {
  it("parseOAuth1Header() round-trips reserved characters", async () => {
    const header = await signOAuth1(new Request(RESERVED_URL), RESERVED, {
      nonce: "n0nce",
      timestamp: 1700000000,
    });
    expect(parseOAuth1Header(header)).toEqual({
      oauth_consumer_key: RESERVED.consumerKey,
      oauth_nonce: "n0nce",
      oauth_signature: "iM7jKDJSuETtwggJ8UIgD+1BvpY=",
      oauth_signature_method: "HMAC-SHA1",
      oauth_timestamp: "1700000000",
      oauth_token: RESERVED.token,
      oauth_version: "1.0",
    });
  });

  it("parseOAuth1Header() accepts any scheme case and spacing, realm included", () => {
    expect(parseOAuth1Header('oauth realm="Photos",oauth_nonce="a%2Bb" ,  oauth_token="t"'))
      .toEqual({ realm: "Photos", oauth_nonce: "a+b", oauth_token: "t" });
  });

  it("parseOAuth1Header() returns null for other schemes", () => {
    expect(parseOAuth1Header("Bearer abc")).toBeNull();
    expect(parseOAuth1Header('OAuthx a="b"')).toBeNull();
  });

  it("parseOAuth1Header() returns null for malformed or repeated parameters", () => {
    expect(parseOAuth1Header("OAuth oauth_nonce=abc")).toBeNull();
    expect(parseOAuth1Header('OAuth oauth_nonce="%E0%A4%A"')).toBeNull();
    expect(parseOAuth1Header('OAuth a="1", a="2"')).toBeNull();
  });
});
