// Videos: one lip-synced clip from text (speech job, then render job) previewed in the page, and
// batch short videos (SKUs x templates) with per-item results and a zip download.
"use strict";

async function loadChoices() {
  const [avatars, voices, skus] = await Promise.all([api("/avatars"), api("/voices"), api("/skus?limit=500")]);
  for (const select of document.querySelectorAll(".avatar-select"))
    select.replaceChildren(...avatars.filter(a => a.status === "ready").map(a => el("option", {value: a.id}, a.name)));
  for (const select of document.querySelectorAll(".voice-select"))
    select.append(...voices.filter(v => v.status === "ready").map(v => el("option", {value: v.id}, v.name)));
  document.getElementById("batch-skus").replaceChildren(...skus.map(s =>
    el("label", {class: "sku"}, el("input", {type: "checkbox", name: "sku", value: s.code}), ` ${s.code} ${s.title}`)));
}

async function link(assetId) { return (await api(`/assets/${assetId}/link`, {method: "POST"})).url; }

document.getElementById("render").addEventListener("submit", async ev => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const box = document.getElementById("render-progress");
  const show = stage => j => box.replaceChildren(`${stage}: `, progressBar(j.progress), " ", j.stage || "");
  const speech = await watchJob((await api("/speech", {method: "POST", body: {text: f.get("text"), voice_id: f.get("voice_id") || null}})).id,
                                show(MSG.speech));
  if (speech.status !== "succeeded") return box.replaceChildren(el("p", {class: "error"}, speech.error));
  const picture = document.getElementById("clip-background").files[0];
  const background = picture ? (await uploadFile(picture, "image", () => {})).id : null;
  const job = await api("/renders", {method: "POST", body: {
    avatar_id: f.get("avatar_id"), audio_asset_id: speech.result.audio_asset_id, timings_asset_id: speech.result.timings_asset_id,
    resolution: f.get("resolution"), subtitles: f.get("subtitles") ? "burn" : null, background_asset_id: background}});
  const done = await watchJob(job.id, show(MSG.render));
  if (done.status !== "succeeded") return box.replaceChildren(el("p", {class: "error"}, done.error));
  const url = await link(done.result.asset_id);
  const clip = document.getElementById("clip");
  clip.src = url; clip.hidden = false;
  const download = document.getElementById("clip-download");
  download.href = url; download.hidden = false;
  box.replaceChildren(el("p", {class: "ok"}, `${done.result.width}x${done.result.height}, ${done.result.duration_s.toFixed(1)} s`));
});

document.getElementById("batch").addEventListener("submit", async ev => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const box = document.getElementById("batch-progress");
  const files = {};  // uploaded once, shared by every template
  for (const [field, kind] of [["background", "image"], ["intro", "video"], ["outro", "video"]]) {
    const file = document.getElementById(`batch-${field}`).files[0];
    if (file) files[`${field}_asset_id`] = (await uploadFile(file, kind, () => {})).id;
  }
  const templates = f.getAll("template").map(v => { const [name, w, h, resolution] = v.split(":");
    return {name, aspect: `${w}:${h}`, resolution, card: Boolean(f.get("card")), ...files}; });
  const job = await api("/batches", {method: "POST", body: {avatar_id: f.get("avatar_id"), voice_id: f.get("voice_id") || null,
    skus: f.getAll("sku"), templates, seconds: Number(f.get("seconds"))}});
  const done = await watchJob(job.id, j => box.replaceChildren(progressBar(j.progress), " ", j.stage || ""));
  box.replaceChildren(el("p", {class: done.status === "succeeded" ? "ok" : "error"},
                         done.status === "succeeded" ? `${done.result.done} ${MSG.done}, ${done.result.failed} ${MSG.failed}` : done.error));
  if (done.status !== "succeeded") return;
  const table = document.getElementById("batch-items");
  table.querySelector("tbody").replaceChildren(...done.result.items.map(i =>
    el("tr", {"data-status": i.status}, el("td", {}, i.key), el("td", {class: `status ${i.status}`}, i.status), el("td", {}, i.error || ""))));
  table.hidden = false;
  const download = document.getElementById("batch-download");
  download.href = await link(done.result.zip_asset_id); download.hidden = false;
});
loadChoices();
