// Slugs for names made from user text (compose projects, report files): lower-case ASCII letters, digits and single dashes.

/** "Déjà vu: API / v2!" → "deja-vu-api-v2": accents dropped, other runs of characters one dash, cut to `maxLength`, no dash at either end; may be "". */
export function slugify(text: string, maxLength = Infinity): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, "");
}
