// The API client: the access token lives in this module's memory only; the refresh
// token is in an HttpOnly cookie the page never sees, sent to /auth/ by the browser.

const BASE = "/auth/";
let access = null;
let pending = null; // the one refresh in flight, shared by every caller

export class ApiError extends Error {
  constructor(status, body) {
    super(describe(body) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || "";
  }
}

// {"detail", "code"} or DRF's {"field": ["message"]} as one readable line.
function describe(body) {
  if (!body || typeof body !== "object") return "";
  if (typeof body.detail === "string") return body.code ? `${body.detail} (${body.code})` : body.detail;
  return Object.entries(body)
    .map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`)
    .join(" ");
}

async function send(path, { method = "POST", body, auth = false } = {}) {
  const headers = { "X-Requested-With": "fetch", Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth && access) headers.Authorization = `Bearer ${access}`;
  const response = await fetch(path.startsWith("/") ? path : BASE + path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export function signedIn() {
  return access !== null;
}

// Keep the access token of a login-like answer; a challenge answer has none.
export function accept(data) {
  if (data && data.access) access = data.access;
  return data;
}

export function forget() {
  access = null;
}

async function refreshNow() {
  try {
    accept(await send("refresh/"));
    return true;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    access = null;
    return false;
  }
}

// Single-flight: one refresh at a time in this tab, and across tabs through a Web
// Lock, since two requests carrying the same refresh cookie would be a replay.
export function refresh() {
  if (!pending) {
    const run = navigator.locks
      ? navigator.locks.request("jwt-allauth-refresh", refreshNow)
      : refreshNow();
    pending = run.finally(() => {
      pending = null;
    });
  }
  return pending;
}

// An authenticated call; an expired access token is refreshed once and the call retried.
export async function call(path, options = {}) {
  try {
    return await send(path, { ...options, auth: true });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "token_not_valid") throw error;
    if (!(await refresh())) throw error;
    return send(path, { ...options, auth: true });
  }
}

export function post(path, body) {
  return send(path, { body });
}

// logout/ and logout-all/ are [Authenticated]: an expired access token is refreshed
// first, like any authenticated call; with no live session there is nothing to end.
export async function logout(everywhere = false) {
  try {
    if (!access && !(await refresh())) return;
    await call(everywhere ? "logout-all/" : "logout/", { body: {} });
  } finally {
    access = null;
  }
}
