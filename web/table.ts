/**
 * Filling a data table: a caption, column headers (optionally sort buttons with `aria-sort`),
 * a row header per row, numbers aligned right.
 *
 * @module
 */
import { el } from "./dom.ts";

/** A column of a data table. */
export interface Column {
  /** The header text. */
  label: string;
  /** Numbers: aligned right. */
  numeric: boolean;
}

/** Sorting: the sorted column, its direction, and what a click on a header does. */
export interface SortState {
  /** The sorted column's index. */
  column: number;
  /** Largest first. */
  descending: boolean;
  /** Called with a header's column index when its button is pressed. */
  onSort: (column: number) => void;
}

/**
 * Replaces a table's content. The first cell of each row is its row header.
 *
 * @param table The table.
 * @param caption The caption.
 * @param columns The columns.
 * @param rows The cells' text, row by row.
 * @param sort Sort buttons in the headers, or none.
 */
export function fillTable(
  table: HTMLTableElement,
  caption: string,
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  sort: SortState | null = null,
): void {
  const header = el(
    "tr",
    {},
    ...columns.map((column, index) => {
      const sorted = sort !== null && sort.column === index;
      const th = el("th", {
        scope: "col",
        class: column.numeric ? "num" : null,
        "aria-sort": sort === null
          ? null
          : sorted
          ? (sort.descending ? "descending" : "ascending")
          : "none",
      });
      if (sort === null) {
        th.textContent = column.label;
      } else {
        const button = el("button", { type: "button", class: "sort" }, column.label);
        button.addEventListener("click", () => sort.onSort(index));
        th.append(button);
      }
      return th;
    }),
  );
  const body = el(
    "tbody",
    {},
    ...rows.map((cells) =>
      el(
        "tr",
        {},
        ...cells.map((text, index) =>
          index === 0
            ? el("th", { scope: "row" }, text)
            : el("td", { class: columns[index]?.numeric === true ? "num" : null }, text)
        ),
      )
    ),
  );
  table.replaceChildren(el("caption", {}, caption), el("thead", {}, header), body);
}
