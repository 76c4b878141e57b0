import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPrivateKey, loadPublicKey, readPublicKeyFile, runCli, verifyPackage } from "../src/index.js";

// Signing against the daemon's own vectors (test/fixtures/daemon, from langgenius/dify-plugin-daemon) and against
// an independent verifier: `daemonVerify` below is written from the daemon's Go source, not from src/sign/, and
// uses neither the CLI's zip library nor node:crypto: Python's zipfile reads the archive (as Go's archive/zip
// does) and the openssl command line checks RSA.
//
//   VerifyPluginWithPublicKeys (pkg/plugin_packager/decoder/verifier.go):
//     for file in reader.File (central-directory order): data += sha256(ReadFile(file))
//     comment = json {"signature": base64, "time": int64} (ZipPluginDecoder.decode, decoder/zip.go)
//     data += strconv.FormatInt(time, 10)
//     rsa.VerifyPKCS1v15(key, SHA256, sha256(data), base64decode(signature)) for each key (encryption/rsa.go)
//   LoadPublicKey (pkg/utils/encryption/rsa.go): first PEM block must be "RSA PUBLIC KEY", nothing after it.

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "daemon");
const fixture = (name: string) => join(fixtures, name);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "x-plugin-sign-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAEMON_VERIFIER = `
import base64, hashlib, json, sys, zipfile
package, out = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(package)
z.read("manifest.yaml")  # NewZipPluginDecoder decodes the manifest first
data = b"".join(hashlib.sha256(z.read(info)).digest() for info in z.infolist())
comment = json.loads(z.comment.decode())
signature = base64.b64decode(comment["signature"], validate=True)
time = comment["time"]
assert isinstance(time, int) and not isinstance(time, bool), "time must be an integer"
data += str(time).encode()
open(out + ".data", "wb").write(data)
open(out + ".sig", "wb").write(signature)
`;

// Go's pem.Decode + LoadPublicKey's checks, then openssl converts the PKCS#1 key for its verifier.
function daemonLoadPublicKey(file: string): string {
  const text = readFileSync(file, "utf8");
  const begin = /-----BEGIN ([^-\n]+)-----/.exec(text);
  if (begin?.[1] !== "RSA PUBLIC KEY") throw new Error("failed to decode PEM block containing public key");
  const end = text.indexOf(`-----END ${begin[1]}-----`) + `-----END ${begin[1]}-----`.length;
  if (text.slice(end).replace(/^[ \t\r]*\n?/, "") !== "")
    throw new Error("extra data included in the PEM block");
  const spki = join(dir, `${createHash("sha256").update(file).digest("hex").slice(0, 8)}.spki.pem`);
  execFileSync("openssl", ["rsa", "-RSAPublicKey_in", "-in", file, "-pubout", "-out", spki], {
    stdio: "pipe",
  });
  return spki;
}

/** The daemon's verdict: true when one of `publicKeyFiles` verifies `packageFile`. */
function daemonVerify(packageFile: string, publicKeyFiles: readonly string[]): boolean {
  const out = join(dir, "verify");
  const parsed = spawnSync("python3", ["-c", DAEMON_VERIFIER, packageFile, out], { encoding: "utf8" });
  if (parsed.status !== 0) return false;
  return publicKeyFiles.some((key) => {
    const spki = daemonLoadPublicKey(key);
    const check = spawnSync(
      "openssl",
      ["dgst", "-sha256", "-verify", spki, "-signature", `${out}.sig`, `${out}.data`],
      { encoding: "utf8" },
    );
    return check.status === 0 && check.stdout.includes("Verified OK");
  });
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function zipListing(file: string): { names: string[]; comment: string; last: string } {
  const listing = execFileSync(
    "python3",
    [
      "-c",
      "import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1])\nn = [i.filename for i in z.infolist()]\nprint(json.dumps({'names': n, 'comment': z.comment.decode(), 'last': z.read(n[-1]).decode()}))",
      file,
    ],
    { encoding: "utf8" },
  );
  return JSON.parse(listing);
}

describe("the daemon's vectors", () => {
  it("a package signed by Langgenius' Go signer verifies with the official key, in both verifiers", async () => {
    const agent = fixture("langgenius-agent_0.0.14.difypkg");
    const official = fixture("official_public_key.pem");
    expect(daemonVerify(agent, [official])).toBe(true);
    const ours = await verifyPackage(readFileSync(agent), [readPublicKeyFile(official)]);
    expect(ours).toMatchObject({ verified: true, time: 1744632035, category: null });
    const result = await cli(["verify", agent, "--key", official]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("the signature verifies");

    expect(daemonVerify(agent, [fixture("test_key_pair_1.public.pem")])).toBe(false);
    expect((await cli(["verify", agent, "--key", fixture("test_key_pair_1.public.pem")])).code).toBe(1);
  });

  it("the daemon's test keys load in the daemon's formats", () => {
    for (const n of [1, 2]) {
      expect(
        loadPrivateKey(readFileSync(fixture(`test_key_pair_${n}.private.pem`), "utf8")).asymmetricKeyType,
      ).toBe("rsa");
      expect(
        readPublicKeyFile(fixture(`test_key_pair_${n}.public.pem`)).asymmetricKeyDetails?.modulusLength,
      ).toBe(4096);
    }
  });
});

describe("x-plugin sign", () => {
  let signed: string;
  const time = 1_750_000_000;

  beforeAll(async () => {
    const unsigned = join(dir, "dummy_plugin.difypkg");
    copyFileSync(fixture("dummy_plugin.difypkg"), unsigned);
    const result = await cli(["sign", unsigned, "--key", fixture("test_key_pair_1.private.pem")]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    signed = join(dir, "dummy_plugin.signed.difypkg");
    expect(result.out).toContain(`✓ wrote ${signed}`);
  });

  it("writes what the daemon's signer writes: the files in order, then the verification file, the signature in the comment", () => {
    const { names, comment, last } = zipListing(signed);
    expect(names).toEqual([
      "_assets/icon.svg",
      "main.py",
      "manifest.yaml",
      "provider/test.py",
      "provider/test.yaml",
      "tools/test.py",
      "tools/test.yaml",
      ".verification.dify.json",
    ]);
    expect(last).toBe('{"authorized_category":"community"}');
    expect(comment).toMatch(/^\{"signature":"[A-Za-z0-9+/]+={0,2}","time":\d+\}$/);
    expect(Buffer.from(JSON.parse(comment).signature, "base64")).toHaveLength(512);
  });

  it("verifies under the daemon's verifier with the matching key, and not with another", () => {
    expect(daemonVerify(signed, [fixture("test_key_pair_1.public.pem")])).toBe(true);
    expect(daemonVerify(signed, [fixture("test_key_pair_2.public.pem")])).toBe(false);
    // The daemon tries every registered key (THIRD_PARTY_SIGNATURE_VERIFICATION_PUBLIC_KEYS is a list).
    expect(
      daemonVerify(signed, [fixture("test_key_pair_2.public.pem"), fixture("test_key_pair_1.public.pem")]),
    ).toBe(true);
  });

  it("x-plugin verify agrees: the right key verifies, a wrong key fails with exit code 1", async () => {
    const good = await cli(["verify", signed, "--key", fixture("test_key_pair_1.public.pem")]);
    expect(good.code).toBe(0);
    expect(good.out).toContain("authorized_category community");
    const wrong = await cli(["verify", signed, "--key", fixture("test_key_pair_2.public.pem")]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain("the signature does not match");
    const unsigned = await cli([
      "verify",
      fixture("dummy_plugin.difypkg"),
      "--key",
      fixture("test_key_pair_1.public.pem"),
    ]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.err).toContain("not signed");
  });

  it("signs the exact bytes the daemon hashes: the signature equals openssl's over the daemon's data", async () => {
    const out = join(dir, "fixed-time.difypkg");
    const { signPackageFile } = await import("../src/index.js");
    await signPackageFile(fixture("dummy_plugin.difypkg"), fixture("test_key_pair_1.private.pem"), {
      out,
      time,
    });
    expect(zipListing(out).comment).toContain(`"time":${time}}`);
    // Rebuild the signed data from the Go source's recipe and sign it with openssl: RSASSA-PKCS1-v1_5 is
    // deterministic, so the same key over the same bytes gives the same signature.
    const data = join(dir, "vector");
    execFileSync("python3", ["-c", DAEMON_VERIFIER, out, data]);
    const expected = execFileSync("openssl", [
      "dgst",
      "-sha256",
      "-sign",
      fixture("test_key_pair_1.private.pem"),
      `${data}.data`,
    ]);
    expect(readFileSync(`${data}.sig`).equals(expected)).toBe(true);
  });

  it("a package changed after signing does not verify (a file's content replaced, the comment kept)", () => {
    const tampered = join(dir, "tampered.difypkg");
    execFileSync("python3", [
      "-c",
      "import sys, zipfile\nsrc = zipfile.ZipFile(sys.argv[1])\nwith zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as out:\n  for info in src.infolist():\n    data = src.read(info)\n    if info.filename == 'tools/test.py': data = data + b'\\nimport os  # injected\\n'\n    out.writestr(info.filename, data)\n  out.comment = src.comment",
      signed,
      tampered,
    ]);
    expect(zipListing(tampered).comment).toBe(zipListing(signed).comment);
    expect(daemonVerify(tampered, [fixture("test_key_pair_1.public.pem")])).toBe(false);
    return verifyPackage(readFileSync(tampered), [
      readPublicKeyFile(fixture("test_key_pair_1.public.pem")),
    ]).then((result) => expect(result.verified).toBe(false));
  });

  it("a corrupted signature does not verify (the daemon's own tamper: a byte near the end zeroed)", async () => {
    const bytes = readFileSync(signed);
    bytes[bytes.length - 10] = 0;
    const tampered = join(dir, "tampered-comment.difypkg");
    writeFileSync(tampered, bytes);
    expect(daemonVerify(tampered, [fixture("test_key_pair_1.public.pem")])).toBe(false);
    expect((await cli(["verify", tampered, "--key", fixture("test_key_pair_1.public.pem")])).code).toBe(1);
  });

  it("re-signing replaces the verification file instead of adding a second one", async () => {
    const again = join(dir, "again.difypkg");
    const result = await cli([
      "sign",
      signed,
      "--key",
      fixture("test_key_pair_2.private.pem"),
      "--out",
      again,
      "--category",
      "partner",
    ]);
    expect(result.code).toBe(0);
    const { names, last } = zipListing(again);
    expect(names.filter((n) => n === ".verification.dify.json")).toHaveLength(1);
    expect(last).toBe('{"authorized_category":"partner"}');
    expect(daemonVerify(again, [fixture("test_key_pair_2.public.pem")])).toBe(true);
  });
});

describe("keys", () => {
  it("x-plugin keygen writes a PKCS#1 pair the daemon's loader and openssl read, private key mode 0600", async () => {
    const result = await cli(["keygen", "acme", "--out", join(dir, "keys")]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const privateKey = join(dir, "keys", "acme.private.pem");
    const publicKey = join(dir, "keys", "acme.public.pem");
    expect(readFileSync(privateKey, "utf8")).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/,
    );
    expect(readFileSync(publicKey, "utf8")).toMatch(
      /^-----BEGIN RSA PUBLIC KEY-----\n[\s\S]+\n-----END RSA PUBLIC KEY-----\n$/,
    );
    expect(statSync(privateKey).mode & 0o777).toBe(0o600);
    execFileSync("openssl", ["rsa", "-in", privateKey, "-check", "-noout"], { stdio: "pipe" });
    expect(result.out).toContain("THIRD_PARTY_SIGNATURE_VERIFICATION_ENABLED=true");
    expect(result.out).toContain(
      "THIRD_PARTY_SIGNATURE_VERIFICATION_PUBLIC_KEYS=/app/storage/public_keys/acme.public.pem",
    );

    const pkg = join(dir, "keygen-signed.difypkg");
    expect(
      (await cli(["sign", fixture("dummy_plugin.difypkg"), "--key", privateKey, "--out", pkg])).code,
    ).toBe(0);
    expect(daemonVerify(pkg, [publicKey])).toBe(true);

    const again = await cli(["keygen", "acme", "--out", join(dir, "keys")]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("exists");
  });

  it("a key pair from `openssl genrsa -traditional` signs, and its PKCS#1 public half verifies", async () => {
    const privateKey = join(dir, "openssl.private.pem");
    const publicKey = join(dir, "openssl.public.pem");
    execFileSync("openssl", ["genrsa", "-traditional", "-out", privateKey, "2048"], { stdio: "pipe" });
    execFileSync("openssl", ["rsa", "-in", privateKey, "-RSAPublicKey_out", "-out", publicKey], {
      stdio: "pipe",
    });
    expect(readFileSync(privateKey, "utf8")).toContain("-----BEGIN RSA PRIVATE KEY-----");
    const pkg = join(dir, "openssl-signed.difypkg");
    expect(
      (await cli(["sign", fixture("dummy_plugin.difypkg"), "--key", privateKey, "--out", pkg])).code,
    ).toBe(0);
    expect(daemonVerify(pkg, [publicKey])).toBe(true);
    expect((await cli(["verify", pkg, "--key", publicKey])).code).toBe(0);
  });

  it("refuses a public key the daemon would refuse, saying how to convert it", () => {
    const spki = join(dir, "spki.pem");
    execFileSync("openssl", ["rsa", "-in", fixture("test_key_pair_1.private.pem"), "-pubout", "-out", spki], {
      stdio: "pipe",
    });
    expect(() => readPublicKeyFile(spki)).toThrow(/PKCS#1 .*openssl rsa -pubin -in .* -RSAPublicKey_out/);
    expect(() => daemonLoadPublicKey(spki)).toThrow();

    const trailing = `${readFileSync(fixture("test_key_pair_1.public.pem"), "utf8")}\n`;
    expect(() => loadPublicKey(trailing, "k.pem")).toThrow(/extra data included in the PEM block/);
    const trailingFile = join(dir, "trailing.pem");
    writeFileSync(trailingFile, trailing);
    expect(() => daemonLoadPublicKey(trailingFile)).toThrow(/extra data/);
    expect(() => loadPublicKey(readFileSync(fixture("test_key_pair_1.private.pem"), "utf8"))).toThrow(
      /private key/,
    );
  });

  it("refuses an encrypted private key with the command that decrypts it", async () => {
    const encrypted = join(dir, "encrypted.pem");
    execFileSync("openssl", ["genrsa", "-aes256", "-passout", "pass:secret", "-out", encrypted, "2048"], {
      stdio: "pipe",
    });
    const result = await cli(["sign", fixture("dummy_plugin.difypkg"), "--key", encrypted]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("is encrypted");
    expect(result.err).not.toContain("secret");
  });
});
