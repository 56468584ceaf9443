// The layer table as the Markdown docs/architecture.md shows, so the doc and the checked rule cannot drift apart.
import type { Layer } from "./layers.ts";

const code = (path: string) => `\`${path}\``;

export function layerTable(layers: readonly Layer[]): string {
  const rows = layers.map((layer) => {
    const mayImport = layer.imports
      ? layer.imports.map((entry) => (layers.some((l) => l.name === entry) ? entry : code(entry))).join(", ")
      : layer === layers.at(-1) ? "only itself" : "any layer below";
    return `| ${layer.name} | ${layer.holds.map(code).join(", ")} | ${mayImport} | ${layer.note} |`;
  });
  return ["| Layer | Holds | May import | What it is |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
