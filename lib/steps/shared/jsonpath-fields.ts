// Where http and shell inputs hold JSONPaths: the keys of expect.json, and capture values (those that start with "$").
import type { JsonPathFields } from "../../vars/interpolate.ts";

export const JSON_PATH_FIELDS: JsonPathFields = { keysAt: [["expect", "json"]], valuesAt: [["capture", "*"]] };
