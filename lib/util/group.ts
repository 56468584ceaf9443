// Grouping items into lists by key, keys in order of first appearance.

/** Appends `value` to the list under `key`, starting the list on first use (in place: no copy of the list per item). */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
