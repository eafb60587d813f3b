/**
 * The dashboard's whole UI layer: create an element with attributes and children, and find
 * the page's elements by id with their type checked.
 *
 * @module
 */

type Child = Node | string | null;

/**
 * Creates an element.
 *
 * @param tag The tag name.
 * @param attributes Attributes to set; `null` values are skipped.
 * @param children Nodes or text; `null` is skipped.
 * @returns The element.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | null> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null) element.setAttribute(name, value);
  }
  for (const child of children) if (child !== null) element.append(child);
  return element;
}

/**
 * The page's element with this id.
 *
 * @param id The id.
 * @param type The expected class, e.g. `HTMLTableElement`.
 * @returns The element.
 * @throws {TypeError} When it is missing or of another type (index.html and the code disagree).
 */
export function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) {
    throw new TypeError(`Cannot find the page's element: #${id} (${type.name})`);
  }
  return element;
}
