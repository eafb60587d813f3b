/**
 * The funnel dashboard: signs in with a proxy key (held for the tab), reads the view from the
 * address bar, loads the range in chunks with visible progress, and shows the funnel, the
 * per-day trend, a breakdown and the failures by category, with what the cache did.
 *
 * @module
 */
import { DAY_MS } from "../lib/time/durations.ts";
import { parseDay } from "../lib/time/utc-days.ts";
import { fetchFunnel, type FunnelAnswer, type FunnelGroup, type FunnelQuery } from "./api.ts";
import { clearBreakdown, renderBreakdown } from "./breakdown-view.ts";
import { type CacheTally, countStatus, describeTally, emptyTally } from "./cache-status.ts";
import { downloadText, tableToCsv } from "./csv.ts";
import { byId } from "./dom.ts";
import { explainError } from "./explain-error.ts";
import { clearFailures, renderFailures } from "./failures-view.ts";
import { renderFunnel } from "./funnel-view.ts";
import { chunkRange, type DayRange, daysOf, isDay, type Preset, presetRange } from "./ranges.ts";
import { clearCredentials, type Credentials, loadCredentials, saveCredentials } from "./session.ts";
import { clearTrend, followLayout, renderTrend } from "./trend-view.ts";
import { type Breakdown, BREAKDOWNS, readView, type View, writeView } from "./view-state.ts";

/** Days per request while loading the trend (one upstream analytics window): a long range shows progress chunk by chunk. */
const CHUNK_DAYS = 60;
// The proxy's defaults (worker/cache/freshness.ts): a day keeps changing upstream for 72 h
// after its end, and is re-checked every 5 minutes meanwhile.
const SETTLING_MS = 72 * 3_600_000;
/** Days after its end replies still change a day (`MATURE_DAYS`, README "Freshness"). */
const MATURING_MS = 31 * DAY_MS;

const $ = {
  signIn: byId("sign-in", HTMLElement),
  signInForm: byId("sign-in-form", HTMLFormElement),
  key: byId("key", HTMLInputElement),
  bearer: byId("bearer", HTMLInputElement),
  signInAccount: byId("sign-in-account", HTMLInputElement),
  demo: byId("demo", HTMLElement),
  signedIn: byId("signed-in", HTMLElement),
  signOut: byId("sign-out", HTMLButtonElement),
  dashboard: byId("dashboard", HTMLElement),
  viewForm: byId("view-form", HTMLFormElement),
  account: byId("account", HTMLInputElement),
  app: byId("app", HTMLSelectElement),
  preset: byId("range", HTMLSelectElement),
  custom: byId("custom-range", HTMLFieldSetElement),
  from: byId("from", HTMLInputElement),
  to: byId("to", HTMLInputElement),
  groupBy: byId("group-by", HTMLSelectElement),
  progress: byId("progress", HTMLProgressElement),
  statusText: byId("status-text", HTMLElement),
  error: byId("error", HTMLElement),
  stale: byId("stale", HTMLElement),
  cache: byId("cache", HTMLElement),
  results: byId("results", HTMLElement),
  breakdownNote: byId("breakdown-note", HTMLElement),
  failuresNote: byId("failures-note", HTMLElement),
};

let view: View = readView(location.search, Date.now());
let credentials: Credentials | null = loadCredentials();
let loading: AbortController | null = null;
let breakdownLoading: AbortController | null = null;

function rangeText(range: DayRange): string {
  const days = daysOf(range).length;
  return range.from === range.to
    ? `${range.from} (1 day)`
    : `${range.from} to ${range.to} (${days} days)`;
}

function showError(summary: string, detail: string): void {
  $.error.replaceChildren();
  const strong = document.createElement("strong");
  strong.textContent = summary;
  $.error.append(strong);
  if (detail !== "") $.error.append(document.createElement("br"), detail);
  $.error.hidden = false;
}

function setStatus(text: string, done: number | null, total: number | null): void {
  $.statusText.textContent = text;
  $.progress.hidden = done === null;
  if (done !== null && total !== null) {
    $.progress.max = total;
    $.progress.value = done;
  }
}

/** The settling, maturing and unfinished days of a range, in words. */
function describeDays(range: DayRange, now: number): string {
  const days = daysOf(range);
  const open = days.filter((day) => day + DAY_MS > now).length;
  const settling = days.filter((day) => day + DAY_MS <= now && day + DAY_MS + SETTLING_MS > now)
    .length;
  const maturing =
    days.filter((day) => day + DAY_MS + SETTLING_MS <= now && day + DAY_MS + MATURING_MS > now)
      .length;
  const closed = days.length - open - settling - maturing;
  const parts = [`${closed} matured ${closed === 1 ? "day" : "days"} (kept for long)`];
  if (maturing > 0) {
    parts.push(
      `${maturing} maturing ${maturing === 1 ? "day" : "days"} (ended less than 31 days ago: ` +
        "replies still count, so they are re-checked every hour)",
    );
  }
  if (settling > 0) {
    parts.push(
      `${settling} settling ${settling === 1 ? "day" : "days"} (ended less than 72 h ago: ` +
        "LivePerson still updates them, so they are re-checked every 5 minutes)",
    );
  }
  if (open > 0) parts.push("today, which is not over and is not cached");
  return `The range has ${parts.join(", ")}.`;
}

function showCache(tally: CacheTally, range: DayRange): void {
  $.cache.textContent = `What the cache did: ${describeTally(tally)} ${
    describeDays(range, Date.now())
  }`;
  $.stale.hidden = tally.stale.length === 0;
  $.stale.textContent = tally.stale.length === 0
    ? ""
    : `Stale data: LivePerson did not answer (${tally.stale[0]}), so part of this view comes ` +
      "from stored copies that may be out of date.";
}

function query(groupBy: string, range: DayRange = view.range): FunnelQuery {
  return { accountId: view.accountId, app: view.app, range, groupBy };
}

async function loadBreakdown(
  signed: Credentials,
  tally: CacheTally | null,
): Promise<void> {
  breakdownLoading?.abort();
  const controller = new AbortController();
  breakdownLoading = controller;
  const { groupBy, range, accountId } = view;
  $.breakdownNote.textContent = "Loading…";
  try {
    const answer = await fetchFunnel(
      query(groupBy),
      signed,
      controller.signal,
      (stored, total) => ($.breakdownNote.textContent = fillingText(stored, total)),
    );
    if (tally !== null) countStatus(tally, answer.cache);
    renderBreakdown(answer.groups, groupBy, rangeText(range));
    $.breakdownNote.textContent = "";
  } catch (error) {
    if (controller.signal.aborted) return;
    clearBreakdown();
    $.breakdownNote.textContent = explainError(error, accountId).summary;
  }
}

async function loadFailures(
  signed: Credentials,
  signal: AbortSignal,
  tally: CacheTally,
): Promise<void> {
  $.failuresNote.textContent = "Loading…";
  try {
    const answer = await fetchFunnel(
      query("failureCategory"),
      signed,
      signal,
      (stored, total) => ($.failuresNote.textContent = fillingText(stored, total)),
    );
    countStatus(tally, answer.cache);
    renderFailures(answer.groups, rangeText(view.range));
    $.failuresNote.textContent = "";
  } catch (error) {
    if (signal.aborted) return;
    clearFailures();
    $.failuresNote.textContent = explainError(error, view.accountId).summary;
  }
}

/** Progress of the proxy storing a range's transactions (per-transaction groupings need them). */
function fillingText(stored: number, total: number): string {
  return `Storing this range's transactions: ${stored} of ${total} days so far…`;
}

function clearResults(): void {
  $.results.hidden = true;
  clearTrend();
  clearBreakdown();
  clearFailures();
  $.cache.textContent = "";
  $.stale.hidden = true;
}

async function load(): Promise<void> {
  const signed = credentials;
  if (signed === null) return;
  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  const { signal } = controller;
  $.error.hidden = true;
  $.cache.textContent = "";
  if (view.accountId === "") {
    clearResults();
    setStatus("Enter an account id to see its funnel.", null, null);
    return;
  }
  const chunks = chunkRange(view.range, CHUNK_DAYS);
  const tally = emptyTally();
  const days: FunnelGroup[] = [];
  $.results.setAttribute("aria-busy", "true");
  try {
    for (const [index, chunk] of chunks.entries()) {
      setStatus(
        `Loading ${rangeText(chunk)}: part ${index + 1} of ${chunks.length}…`,
        index,
        chunks.length,
      );
      const answer: FunnelAnswer = await fetchFunnel(query("day", chunk), signed, signal);
      countStatus(tally, answer.cache);
      days.push(...answer.groups);
    }
    setStatus("Loading the totals…", chunks.length, chunks.length);
    const total = await fetchFunnel(query(""), signed, signal);
    countStatus(tally, total.cache);
    const text = rangeText(view.range);
    const funnel = total.groups[0]?.funnel;
    $.results.hidden = false;
    if (funnel === undefined) {
      setStatus(`No messages were attempted in ${text}.`, null, null);
      clearResults();
      return;
    }
    renderFunnel(funnel, text);
    renderTrend(days, view.range, text);
    setStatus(`Showing account ${view.accountId}, ${view.app}, ${text}.`, null, null);
    // Failures by category may wait for days still being stored: the cache summary does not.
    const failures = loadFailures(signed, signal, tally);
    await loadBreakdown(signed, tally);
    if (!signal.aborted) showCache(tally, view.range);
    await failures;
    if (!signal.aborted) showCache(tally, view.range);
  } catch (error) {
    if (signal.aborted) return;
    clearResults();
    const explained = explainError(error, view.accountId);
    setStatus("", null, null);
    showError(explained.summary, explained.detail);
    if (explained.signIn) signOut(false);
  } finally {
    if (loading === controller) $.results.removeAttribute("aria-busy");
  }
}

function syncControls(): void {
  $.account.value = view.accountId;
  $.app.value = view.app;
  $.preset.value = view.preset;
  $.custom.hidden = view.preset !== "custom";
  $.from.value = view.range.from;
  $.to.value = view.range.to;
  $.groupBy.value = view.groupBy;
  const today = new Date().toISOString().slice(0, 10);
  const oldest = presetRange("13m", Date.now()).from;
  for (const input of [$.from, $.to]) {
    input.min = oldest;
    input.max = today;
  }
}

function setView(next: View): void {
  view = next;
  history.replaceState(null, "", writeView(view));
  syncControls();
}

function showSignedIn(signedIn: boolean): void {
  $.signIn.hidden = signedIn;
  $.dashboard.hidden = !signedIn;
  $.signedIn.hidden = !signedIn;
}

function signOut(clearError = true): void {
  loading?.abort();
  breakdownLoading?.abort();
  credentials = null;
  clearCredentials();
  clearResults();
  if (clearError) $.error.hidden = true;
  $.key.value = "";
  $.bearer.value = "";
  $.signInAccount.value = view.accountId;
  showSignedIn(false);
}

function readControls(): View {
  const preset = $.preset.value as Preset;
  const custom = preset === "custom" && isDay($.from.value) && isDay($.to.value) &&
    parseDay($.from.value) <= parseDay($.to.value);
  return {
    accountId: /^[0-9]{1,32}$/.test($.account.value.trim()) ? $.account.value.trim() : "",
    app: $.app.value === "c2m" ? "c2m" : "prmsg",
    preset: preset === "custom" && !custom ? view.preset : preset,
    range: preset === "custom"
      ? (custom ? { from: $.from.value, to: $.to.value } : view.range)
      : presetRange(preset, Date.now()),
    groupBy: $.groupBy.value as Breakdown,
  };
}

$.signInForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const key = $.key.value.trim();
  const account = $.signInAccount.value.trim();
  if (key === "" || !/^[0-9]{1,32}$/.test(account)) return;
  credentials = { key, bearer: $.bearer.value.trim() === "" ? null : $.bearer.value.trim() };
  saveCredentials(credentials);
  $.key.value = "";
  $.bearer.value = "";
  setView({ ...view, accountId: account });
  showSignedIn(true);
  $.account.focus();
  void load();
});

$.demo.addEventListener("click", (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>("button[data-key]");
  if (button === null) return;
  $.key.value = button.dataset["key"] ?? "";
  $.signInAccount.value = button.dataset["account"] ?? "";
  $.bearer.value = button.dataset["bearer"] ?? "";
  $.signInForm.requestSubmit();
});

$.signOut.addEventListener("click", () => signOut());

$.preset.addEventListener("change", () => {
  if ($.preset.value === "custom") {
    $.custom.hidden = false;
    $.from.focus();
    return;
  }
  setView(readControls());
  void load();
});

$.viewForm.addEventListener("submit", (event) => {
  event.preventDefault();
  setView(readControls());
  void load();
});

$.app.addEventListener("change", () => $.viewForm.requestSubmit());

$.groupBy.addEventListener("change", () => {
  setView({ ...view, groupBy: $.groupBy.value as Breakdown });
  if (credentials !== null && view.accountId !== "") void loadBreakdown(credentials, null);
});

for (const button of document.querySelectorAll<HTMLButtonElement>("button[data-csv]")) {
  button.addEventListener("click", () => {
    const table = byId(button.dataset["csv"] ?? "", HTMLTableElement);
    const name = table.id === "breakdown-table"
      ? `breakdown-${view.groupBy}`
      : table.id.replace(/-table$/, "");
    downloadText(
      `funnel-${view.accountId}-${view.app}-${view.range.from}-${view.range.to}-${name}.csv`,
      tableToCsv(table),
    );
  });
}

for (const [value, label] of BREAKDOWNS) $.groupBy.add(new Option(label, value));
syncControls();
followLayout();
$.signInAccount.value = view.accountId;
showSignedIn(credentials !== null);
if (credentials !== null) void load();

// The local sandbox's demo keys are offered only when the proxy says it runs on the sandbox.
fetch("/_edge/health").then((response) => response.json()).then((health: unknown) => {
  $.demo.hidden = (health as { upstream?: unknown } | null)?.upstream !== "sandbox";
}).catch(() => {
  $.demo.hidden = true;
});
