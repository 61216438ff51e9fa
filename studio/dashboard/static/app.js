// Small helpers shared by the dashboard pages: API calls, elements, uploads, job watching.
"use strict";

async function api(path, {method = "GET", body, headers = {}} = {}) {
  const init = {method, headers: {...headers}, credentials: "same-origin"};
  if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
  const res = await fetch(path, init);
  if (res.status === 401 && document.body.dataset.page !== "login") { location.href = "/ui/login"; throw new Error("login"); }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(typeof data?.detail === "string" ? data.detail : (data?.detail?.message || res.statusText));
    err.detail = data?.detail; err.status = res.status;
    showError(err.message);
    throw err;
  }
  return data;
}

function showError(message) {
  const box = document.getElementById("error");
  box.textContent = `${MSG.error}: ${message}`;
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 8000);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : String(c ?? ""));
  return node;
}

function button(label, onclick) {
  const b = el("button", {class: "small"}, label);
  b.addEventListener("click", onclick);
  return b;
}

function progressBar(fraction) {
  const pct = Math.round((fraction || 0) * 100);
  const fill = el("span");
  fill.style.width = `${pct}%`;  // through the CSSOM: the CSP refuses style attributes
  return el("span", {class: "bar", role: "progressbar", "aria-valuenow": pct}, fill, `${pct}%`);
}

function fmtDate(iso) { return iso ? new Date(iso).toLocaleString() : ""; }

// Character-span findings -> text nodes with <mark> around each flagged span.
function highlight(text, findings) {
  const out = [];
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    out.push(text.slice(at, f.start), el("mark", {title: `${f.kind}: ${f.reason}`, class: f.kind}, text.slice(f.start, f.end)));
    at = f.end;
  }
  out.push(text.slice(at));
  return out;
}

async function sha256Hex(blob) {
  if (!crypto.subtle) return null;  // only in secure contexts (https or localhost)
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, "0")).join("");
}

// RFC 9530 Content-Digest of one chunk, which the server checks before writing it.
async function contentDigest(blob) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
  return `sha-256=:${btoa(String.fromCharCode(...digest))}:`;
}

// Resumable chunked upload: asks the server where to resume after a failed chunk.
async function uploadFile(file, kind, onProgress) {
  const sha256 = file.size <= 512 * 1024 * 1024 ? await sha256Hex(file) : null;
  const up = await api("/uploads", {method: "POST", body: {filename: file.name, size: file.size, kind, sha256}});
  let offset = 0, failures = 0;
  while (offset < file.size) {
    const chunk = file.slice(offset, offset + up.chunk_size);
    const headers = crypto.subtle ? {"Content-Digest": await contentDigest(chunk)} : {};
    const res = await fetch(`/uploads/${up.id}?offset=${offset}`, {method: "PUT", body: chunk, headers, credentials: "same-origin"});
    if (res.ok) { offset = (await res.json()).offset; failures = 0; onProgress(offset / file.size); continue; }
    if (++failures > 5) throw new Error(`upload failed: ${res.status}`);
    offset = (await api(`/uploads/${up.id}`)).offset;
    await new Promise(r => setTimeout(r, 500 * failures));
  }
  return api(`/uploads/${up.id}/complete`, {method: "POST"});
}

async function watchJob(id, onUpdate) {
  for (;;) {
    const job = await api(`/jobs/${id}`);
    onUpdate(job);
    if (["succeeded", "failed", "cancelled"].includes(job.status)) return job;
    await new Promise(r => setTimeout(r, 700));
  }
}

document.getElementById("logout")?.addEventListener("click", async () => {
  await api("/auth/logout", {method: "POST"});
  location.href = "/ui/login";
});
if (document.body.dataset.page !== "login")
  api("/auth/me").then(me => { document.getElementById("who").textContent = me.actor; }).catch(() => {});
