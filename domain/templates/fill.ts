/**
 * Filling a reply template (文本模板): `{{诉求人称呼}}` and the other variables are replaced by the
 * ticket's values; a variable without a value stays as written so the user sees what to complete before sending.
 * Pure.
 */
export function fillTemplate(
  body: string,
  values: Readonly<Record<string, string | null | undefined>>,
): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = body.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined || v === null || v === '') {
      missing.add(name);
      return whole;
    }
    return v;
  });
  return { text, missing: [...missing] };
}

/** 诉求人称呼: the surname and a neutral courtesy title (张先生/女士), never the full name. */
export function courtesyName(fullName: string): string {
  const surname = [...fullName.trim()][0];
  return surname ? `${surname}先生/女士` : '';
}
