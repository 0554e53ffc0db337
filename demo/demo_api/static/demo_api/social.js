// "Sign in with": the authorization code flow with PKCE, run by the page itself.
// The verifier and state stay in sessionStorage until the provider sends the user back.
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
  const flow = { provider: provider.id, process, verifier: randomString(), state: randomString() };
  sessionStorage.setItem(KEY, JSON.stringify(flow));
  const query = new URLSearchParams({
    response_type: "code",
    client_id: provider.client_id,
    redirect_uri: callbackUrl(),
    scope: "openid email profile",
    state: flow.state,
    code_challenge: await challengeOf(flow.verifier),
    code_challenge_method: "S256",
  });
  location.assign(`${authorizeUrls[provider.id]}?${query}`);
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
  const body = { code: params.get("code"), callback_url: callbackUrl(), code_verifier: flow.verifier };
  if (flow.process === "connect") {
    await api.refresh();
    await api.call(`social/${flow.provider}/connect/code/`, { body });
    return { linked: flow.provider };
  }
  return api.post(`social/${flow.provider}/code/`, body);
}
