/**
 * What the address bar keeps: account, app, range and grouping, so a view can be shared.
 * Never the key: that stays in the tab (see session.ts).
 *
 * @module
 */
import { type DayRange, isDay, type Preset, presetRange, PRESETS } from "./ranges.ts";

/** The dimensions the breakdown table groups by, with their labels. */
export const BREAKDOWNS = [
  ["channel", "Channel"],
  ["skill", "Skill"],
  ["campaign", "Campaign"],
  ["handoff", "Handoff"],
  ["ivrNumber", "IVR number"],
] as const;

/** A breakdown dimension. */
export type Breakdown = typeof BREAKDOWNS[number][0];

/** The LivePerson apps. */
export const APPS = ["prmsg", "c2m"] as const;

/** A LivePerson app: Proactive Messaging or Connect to Messaging. */
export type App = typeof APPS[number];

/** One view of the dashboard. */
export interface View {
  /** The LivePerson account id; empty until chosen. */
  accountId: string;
  /** The app. */
  app: App;
  /** The range preset, or `custom`. */
  preset: Preset;
  /** The range (for presets, as of when the view was read). */
  range: DayRange;
  /** The breakdown dimension. */
  groupBy: Breakdown;
}

const DEFAULT_PRESET = "30d";

/**
 * Reads a view from a query string; anything missing or malformed takes its default.
 *
 * @param search The query string, e.g. `location.search`.
 * @param now The current time, epoch ms (presets count back from it).
 * @returns The view.
 */
export function readView(search: string, now: number): View {
  const params = new URLSearchParams(search);
  const account = params.get("account") ?? "";
  const app = params.get("app");
  const preset = PRESETS.find(([p]) => p === params.get("range"))?.[0] ?? DEFAULT_PRESET;
  const groupBy = BREAKDOWNS.find(([b]) => b === params.get("groupBy"))?.[0] ?? "channel";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const custom = preset === "custom" && isDay(from) && isDay(to) && from <= to;
  const relative = preset === "custom" ? DEFAULT_PRESET : preset;
  return {
    accountId: /^[0-9]{1,32}$/.test(account) ? account : "",
    app: app === "c2m" ? "c2m" : "prmsg",
    preset: custom ? "custom" : relative,
    range: custom ? { from, to } : presetRange(relative, now),
    groupBy,
  };
}

/**
 * The query string of a view (a custom range carries its days; presets stay relative).
 *
 * @param view The view.
 * @returns E.g. `?account=10000001&app=prmsg&range=30d&groupBy=channel`.
 */
export function writeView(view: View): string {
  const params = new URLSearchParams();
  if (view.accountId !== "") params.set("account", view.accountId);
  params.set("app", view.app);
  params.set("range", view.preset);
  if (view.preset === "custom") {
    params.set("from", view.range.from);
    params.set("to", view.range.to);
  }
  params.set("groupBy", view.groupBy);
  return `?${params}`;
}
