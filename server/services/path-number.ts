/**
 * A number written in a request path (a draft id, a setup version): 1 to 15 digits, so it is held
 * exactly by both JavaScript and the database's integers; anything else (`1e30`,
 * `99999999999999999999`, `-1`, `abc`) is undefined, which names nothing: a 404, never a database error.
 * @example pathNumber('41') // 41
 */
export function pathNumber(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}
