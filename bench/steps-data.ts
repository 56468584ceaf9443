// What bench/steps.ts and bench/layers.ts run: a scenario of N http steps against the items server, and the same requests and checks as a plain fetch loop script.

/** The scenario (named `name`): step i gets /items/i and checks its status and `$.id`. */
export function stepsYaml(base: string, n: number, name = "bench-steps"): string {
  const steps = Array.from({ length: n }, (_, i) => [
    `  - name: item ${i}`, "    http:", `      url: ${base}/items/${i}`, "      expect:", "        status: 200", `        json: { "$.id": ${i} }`,
  ]);
  return [`name: ${name}`, "steps:", ...steps.flat()].join("\n") + "\n";
}

/** The loop script (argv: base URL, count): the peer every figure of these benchmarks is a ratio to. */
export const FETCH_LOOP = `// The same requests and checks written by hand.
const [base, n] = [process.argv[2], Number(process.argv[3])];
let failed = 0;
for (let i = 0; i < n; i++) {
  const res = await fetch(\`\${base}/items/\${i}\`);
  const body = await res.json();
  if (res.status !== 200 || body.id !== i) failed++;
}
console.log(\`\${n - failed} passed, \${failed} failed\`);
process.exit(failed ? 1 : 0);
`;
