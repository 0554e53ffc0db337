// The demo's single page: every account flow of jwt-allauth, one form each.
import * as api from "./api.js";
import * as social from "./social.js";

const $ = (selector) => document.querySelector(selector);
let challengeId = null;

function notify(message) {
  $("#notice").textContent = message;
}

function fields(form) {
  return Object.fromEntries(new FormData(form).entries());
}

// Run a form's submit handler with its button disabled and its error shown in the form.
function onSubmit(selector, handler) {
  const form = $(selector);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = form.querySelector(".error");
    const button = form.querySelector("button[type=submit]");
    error.textContent = "";
    button.disabled = true;
    try {
      await handler(fields(form), form);
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
    }
  });
}

function onClick(selector, handler) {
  $(selector).addEventListener("click", async () => {
    try {
      await handler();
    } catch (failure) {
      notify(failure.message);
    }
  });
}

async function show() {
  $("#loading").hidden = true;
  $("#signed-in").hidden = !api.signedIn();
  $("#signed-out").hidden = api.signedIn();
  if (api.signedIn()) {
    $("#mfa-step").hidden = true;
    await Promise.all([loadProfile(), loadMfa(), loadSessions(), loadLinked()]);
  } else {
    await loadSocialButtons();
  }
}

// A login-like answer: a session, or a challenge for the second factor.
async function enter(data) {
  if (data.mfa_required) {
    challengeId = data.challenge_id;
    $("#mfa-step").hidden = false;
    $("#mfa-code").focus();
    notify("Enter the code from your authenticator app, or a recovery code.");
    return;
  }
  api.accept(data);
  challengeId = null;
  notify("You are signed in.");
  await show();
}

// Signed out ---------------------------------------------------------------------

onSubmit("#login-form", async (data, form) => {
  await enter(await api.post("login/", data));
  form.reset();
});

onSubmit("#mfa-code-form", async (data, form) => {
  await enter(await api.post("mfa/verify/", { challenge_id: challengeId, code: data.code }));
  form.reset();
});

onSubmit("#mfa-recovery-form", async (data, form) => {
  const body = { challenge_id: challengeId, recovery_code: data.recovery_code };
  await enter(await api.post("mfa/verify-recovery/", body));
  form.reset();
});

onSubmit("#signup-form", async (data, form) => {
  const answer = await api.post("registration/", data);
  form.reset();
  if (answer.access) return enter(answer);
  notify(`We sent a verification link to ${answer.email}. Open it from the Mailbox (dev) page, then log in.`);
});

onSubmit("#reset-form", async (data, form) => {
  const answer = await api.post("password/reset/", data);
  form.reset();
  notify(`${answer.detail} See the Mailbox (dev) page.`);
});

onSubmit("#resend-form", async (data, form) => {
  const answer = await api.post("registration/resend-email/", data);
  form.reset();
  notify(answer.detail);
});

// Signed in ----------------------------------------------------------------------

async function loadProfile() {
  const user = await api.call("user/", { method: "GET" });
  $("#me-email").textContent = user.email;
  $("#profile-first").value = user.first_name || "";
  $("#profile-last").value = user.last_name || "";
}

onSubmit("#profile-form", async (data) => {
  await api.call("user/", { method: "PATCH", body: data });
  await loadProfile();
  notify("Profile saved.");
});

onSubmit("#password-form", async (data, form) => {
  const answer = await api.call("password/change/", { body: data });
  form.reset();
  notify(answer.detail);
  await loadSessions();
});

onClick("#hello-button", async () => {
  const answer = await api.call("/api/hello/", { method: "GET" });
  $("#hello-result").textContent = answer.message;
});

onClick("#logout-button", async () => {
  await api.logout();
  notify("You are signed out.");
  await show();
});

onClick("#logout-all-button", async () => {
  await api.logout(true);
  notify("You are signed out on every device.");
  await show();
});

// Two-factor authentication --------------------------------------------------------

async function loadMfa() {
  const authenticators = await api.call("mfa/authenticators/", { method: "GET" });
  const totp = authenticators.find((item) => item.type === "totp");
  const codes = authenticators.find((item) => item.type === "recovery_codes");
  $("#mfa-status").textContent = totp
    ? `Two-factor authentication is on. Unused recovery codes: ${codes ? codes.unused_codes : 0}.`
    : "Two-factor authentication is off.";
  $("#mfa-off").hidden = Boolean(totp);
  $("#mfa-deactivate-form").hidden = !totp;
  $("#mfa-setup").hidden = true;
}

// Enrolling needs a recent password proof: past it, ask for the password and send it along.
async function withPasswordProof(path, body) {
  try {
    return await api.call(path, { body });
  } catch (failure) {
    if (failure.code !== "reauthentication_required") throw failure;
    const password = window.prompt("Confirm your password to continue.");
    if (!password) throw failure;
    return api.call(path, { body: { ...body, password } });
  }
}

onClick("#mfa-setup-button", async () => {
  const setup = await withPasswordProof("mfa/setup/", {});
  const svg = new Blob([setup.qr_code], { type: "image/svg+xml" });
  $("#mfa-qr").src = URL.createObjectURL(svg);
  $("#mfa-secret").textContent = setup.secret;
  $("#mfa-setup").hidden = false;
  $("#mfa-activate-code").focus();
});

onSubmit("#mfa-activate-form", async (data, form) => {
  const answer = await withPasswordProof("mfa/activate/", { code: data.code });
  form.reset();
  const list = $("#mfa-codes");
  list.replaceChildren(
    ...answer.recovery_codes.map((code) => {
      const item = document.createElement("li");
      item.textContent = code;
      return item;
    }),
  );
  $("#mfa-recovery-codes").hidden = false;
  await loadMfa();
  notify("Two-factor authentication is on. Save your recovery codes.");
});

onSubmit("#mfa-deactivate-form", async (data, form) => {
  const answer = await api.call("mfa/deactivate/", { body: data });
  form.reset();
  $("#mfa-recovery-codes").hidden = true;
  await loadMfa();
  notify(answer.detail);
});

// Sessions -------------------------------------------------------------------------

function when(value) {
  return value ? new Date(value).toLocaleString() : "";
}

function sessionRow(session) {
  const row = document.createElement("tr");
  const device = [session.browser, session.os, session.device].filter(Boolean).join(" · ") || "Unknown device";
  const cells = [device, session.ip_address || "", when(session.created_at), when(session.last_used_at)];
  for (const text of cells) {
    const cell = document.createElement("td");
    cell.textContent = text;
    row.append(cell);
  }
  if (session.current) {
    const mark = document.createElement("strong");
    mark.textContent = " (this device)";
    row.firstChild.append(mark);
    row.classList.add("current");
  }
  const action = document.createElement("td");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = session.current ? "Revoke (signs you out)" : "Revoke";
  button.setAttribute("aria-label", `Revoke the session of ${device}${session.current ? ", this device" : ""}`);
  button.addEventListener("click", () => revoke(session));
  action.append(button);
  row.append(action);
  return row;
}

async function loadSessions() {
  const sessions = await api.call("sessions/", { method: "GET" });
  $("#sessions-body").replaceChildren(...sessions.map(sessionRow));
}

async function revoke(session) {
  $("#sessions-error").textContent = "";
  try {
    await api.call(`sessions/${session.id}/`, { method: "DELETE" });
  } catch (failure) {
    $("#sessions-error").textContent = failure.message;
    return;
  }
  if (session.current) {
    api.forget();
    notify("This session was revoked: you are signed out.");
    await show();
    return;
  }
  notify("Session revoked.");
  await loadSessions();
}

onClick("#sessions-reload", loadSessions);

// Social login and linked accounts ----------------------------------------------------

async function configuredProviders() {
  try {
    return await social.providers();
  } catch {
    return []; // social login is not installed in this demo
  }
}

function providerButton(provider, label, process, errorSelector) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = `${label} ${provider.name}`;
  button.addEventListener("click", () =>
    social.start(provider, process).catch((failure) => {
      $(errorSelector).textContent = failure.message;
    }),
  );
  return button;
}

async function loadSocialButtons() {
  const providers = await configuredProviders();
  $("#social-card").hidden = providers.length === 0;
  $("#social-buttons").replaceChildren(
    ...providers.map((provider) => providerButton(provider, "Sign in with", "login", "#social-error")),
  );
}

async function loadLinked() {
  const providers = await configuredProviders();
  $("#linked-card").hidden = providers.length === 0;
  if (providers.length === 0) return;
  const accounts = await api.call("social/accounts/", { method: "GET" });
  $("#linked-list").replaceChildren(...accounts.map(linkedRow));
  $("#link-buttons").replaceChildren(
    ...providers.map((provider) => providerButton(provider, "Link", "connect", "#linked-error")),
  );
}

function linkedRow(account) {
  const item = document.createElement("li");
  item.textContent = `${account.provider} (${account.uid}) `;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Unlink";
  button.setAttribute("aria-label", `Unlink ${account.provider}`);
  button.addEventListener("click", async () => {
    $("#linked-error").textContent = "";
    try {
      await api.call(`social/accounts/${account.id}/`, { method: "DELETE" });
      notify(`${account.provider} is unlinked.`);
      await loadLinked();
    } catch (failure) {
      $("#linked-error").textContent = failure.message;
    }
  });
  item.append(button);
  return item;
}

async function returnFromProvider() {
  try {
    const answer = await social.finish();
    if (answer === null) return false;
    if (answer.linked) {
      notify(`${answer.linked} is linked to your account.`);
      return false;
    }
    await enter(answer);
    if (answer.mfa_required) await show();
    return true;
  } catch (failure) {
    notify(failure.message);
    return false;
  }
}

// Start: a session survives reloads through the refresh cookie -----------------------

async function start() {
  if (location.hash === "#verified") {
    notify("Your e-mail address is verified. You can log in now.");
    history.replaceState(null, "", location.pathname);
  }
  if (await returnFromProvider()) return;
  try {
    await api.refresh();
  } catch (failure) {
    notify(failure.message);
  }
  await show();
}

start();
