// "Sign in with": the authorization code flow with PKCE and a server-issued state.
// The server's start/ mints the state and nonce and builds the provider's URL; the PKCE
// verifier and the state_secret stay in sessionStorage until the provider sends the user back.
import * as api from "./api.js";

const KEY = "jwt-allauth-social";
const authorizeUrls = JSON.parse(document.getElementById("authorize-urls").textContent);

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function callbackUrl() {
  return `${location.origin}/`;
}

// The providers the API lists and this page knows a login page for.
export async function providers() {
  const listed = await api.call("social/providers/", { method: "GET" });
  return listed.filter((provider) => authorizeUrls[provider.id]);
}

// Off to the provider's login page; ``process`` is "login" or "connect".
export async function start(provider, process) {
  const verifier = randomString();
  const issued = await api.post(`social/${provider.id}/start/`, {
    callback_url: callbackUrl(),
    code_challenge: await challengeOf(verifier),
  });
  const flow = { provider: provider.id, process, verifier, state: issued.state, secret: issued.state_secret };
  sessionStorage.setItem(KEY, JSON.stringify(flow));
  location.assign(issued.authorization_url);
}

// Back from the provider: the API's answer, or null when this page load is not a return.
export async function finish() {
  const params = new URLSearchParams(location.search);
  const saved = sessionStorage.getItem(KEY);
  if (!params.has("code") && !params.has("error")) return null;
  sessionStorage.removeItem(KEY);
  history.replaceState(null, "", location.pathname);
  const flow = saved ? JSON.parse(saved) : null;
  if (!flow || params.get("state") !== flow.state) throw new Error("This sign-in did not start here.");
  if (params.has("error")) throw new Error(`The provider said: ${params.get("error")}`);
  const body = {
    code: params.get("code"),
    callback_url: callbackUrl(),
    code_verifier: flow.verifier,
    state: flow.state,
    state_secret: flow.secret,
  };
  if (flow.process === "connect") {
    await api.refresh();
    await api.call(`social/${flow.provider}/connect/code/`, { body });
    return { linked: flow.provider };
  }
  return api.post(`social/${flow.provider}/code/`, body);
}
