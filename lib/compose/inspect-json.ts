// The output of `docker inspect` (and podman's): one JSON object per container, read the same way by every reader of it.

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Each container object of `inspect` output ("" is none); throws when the output is no JSON array. */
export function inspectedContainers(text: string): Obj[] {
  const parsed: unknown = JSON.parse(text.trim() || "[]");
  if (!Array.isArray(parsed)) throw new Error("inspect printed something other than a JSON array");
  return parsed.filter(isObj);
}

/** A container's name as compose and `ps` show it (inspect writes it with a leading "/"). */
export function containerName(c: Obj): string {
  return String(c.Name ?? "").replace(/^\//, "");
}
