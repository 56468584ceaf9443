// The JSON Schema of scenario files, generated from the zod schemas (for editors via yaml-language-server).
import { z } from "zod";
import { scenarioSchemaFor } from "./scenario.ts";
import { allSteps } from "../steps/registry.ts";
import { MATCHER_JSON_SCHEMA } from "../expect/matcher-schema.ts";

async function scenarioJsonSchema(): Promise<Record<string, unknown>> {
  const schema = z.toJSONSchema(scenarioSchemaFor(await allSteps()), { io: "input", unrepresentable: "any", target: "draft-07" }) as Record<string, unknown>;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "scenario.schema.json",
    title: "Scenario",
    description: "A scenario file of the scenario runner: steps run in sequence, then teardown.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
    patternProperties: { "^x-": { description: "ignored: a home for anchors and your own notes, as in docker compose" } },
    // Every matcher's schema refers to this one (MATCHER_META).
    definitions: { ...(schema.definitions as Record<string, unknown> | undefined), matcher: MATCHER_JSON_SCHEMA },
  };
}

export async function scenarioJsonSchemaText(): Promise<string> {
  return JSON.stringify(await scenarioJsonSchema(), null, 2) + "\n";
}
