// Random hex ids (run ids, shell variable prefixes) from Web Crypto, which is built in: node:crypto costs start-up time.
export function randomHex(bytes: number): string {
  let out = "";
  for (const b of crypto.getRandomValues(new Uint8Array(bytes))) out += b.toString(16).padStart(2, "0");
  return out;
}
