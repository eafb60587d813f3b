/**
 * A whole-number query parameter in [min, max], or `fallback` when absent.
 * @throws {RangeError} when present but not such a number (the message names it and its value).
 */
export function intParam(
  url: URL,
  name: string,
  range: { fallback: number; min: number; max: number },
): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return range.fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new RangeError(
      `${name} must be an integer from ${range.min} to ${range.max}: ${
        JSON.stringify(raw.slice(0, 40))
      }`,
    );
  }
  return value;
}

/** A list query parameter, comma-separated or repeated (`channels=sms,wa&channels=inapp`); undefined when absent. */
export function listParam(url: URL, name: string): string[] | undefined {
  const values = url.searchParams.getAll(name).flatMap((value) => value.split(",")).map((value) =>
    value.trim()
  )
    .filter((value) => value !== "");
  return values.length === 0 ? undefined : values;
}
