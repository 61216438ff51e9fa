// Call campaigns: create from a recipients file, preview each message, start/pause/cancel, follow outcomes.
"use strict";

let openCampaign = null;

async function loadChoices() {
  const [voices, trunks] = await Promise.all([api("/voices"), api("/trunks")]);
  document.getElementById("voice-select").replaceChildren(
    ...voices.filter(v => v.status === "ready").map(v => el("option", {value: v.id}, v.name)));
  document.getElementById("trunk-select").replaceChildren(
    ...trunks.map(t => el("option", {value: t.id}, `${t.name} (${t.url})`)));
}

function outcomeText(c) {
  return Object.entries(c.outcomes).map(([k, v]) => `${k} ${v}`).join(", ") + (c.interest ? ` · interest ${c.interest}` : "");
}

async function control(id, action) {
  await api(`/campaigns/${id}/${action}`, {method: "POST"});
  await loadCampaigns();
}

async function loadCampaigns() {
  const campaigns = await api("/campaigns");
  document.querySelector("#campaigns tbody").replaceChildren(...campaigns.map(c => el("tr", {"data-id": c.id},
    el("td", {}, c.name), el("td", {class: `status ${c.state}`}, c.state), el("td", {}, progressBar(c.progress)),
    el("td", {class: "outcomes"}, outcomeText(c)),
    el("td", {}, button(MSG.preview, () => showCampaign(c.id)), " ", button(MSG.dial, () => control(c.id, "start")),
       " ", button(MSG.pause, () => control(c.id, "pause")), " ", button(MSG.cancel, () => control(c.id, "cancel"))))));
  if (openCampaign) await showCampaign(openCampaign);
}

async function play(assetId, who) {
  const link = await api(`/assets/${assetId}/link`, {method: "POST"});
  const player = document.getElementById("preview-player");  // outside the table, which refreshes
  player.src = link.url;
  player.hidden = false;
  document.getElementById("preview-who").textContent = who;
  player.play().catch(() => {});
}

async function showCampaign(id) {
  openCampaign = id;
  const [c, rows] = await Promise.all([api(`/campaigns/${id}`), api(`/campaigns/${id}/calls?limit=50`)]);
  document.getElementById("detail").hidden = false;
  document.getElementById("detail-name").textContent = `${c.name} · ${c.state}`;
  const alert = document.getElementById("detail-alert");
  alert.hidden = !(c.alert || c.error);
  alert.textContent = c.alert || c.error || "";
  document.getElementById("export").href = `/campaigns/${id}/export`;
  document.querySelector("#calls tbody").replaceChildren(...rows.map(r => {
    const cell = el("td");
    if (r.audio_asset_id) cell.append(button("▶", () => play(r.audio_asset_id, `${r.name} ${r.phone}`)));
    const last = r.attempts.length ? r.attempts[r.attempts.length - 1] : null;
    return el("tr", {"data-phone": r.phone}, el("td", {}, `${r.name} ${r.phone}`), el("td", {class: `status ${r.state}`}, r.state),
      el("td", {}, last && last.status !== "skipped" ? `${last.status} ${last.digits} ${r.reason}` : r.reason),
      el("td", {class: "message"}, r.message), cell);
  }));
}

document.getElementById("new-campaign").addEventListener("submit", async ev => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const box = document.getElementById("campaign-progress");
  const file = document.getElementById("recipients-file").files[0];
  const asset = await uploadFile(file, "recipients", p => box.replaceChildren(progressBar(p)));
  const body = {name: f.get("name"), recipients_asset_id: asset.id, voice_id: f.get("voice_id"),
                trunk_id: f.get("trunk_id"), occasion: f.get("occasion"), language: f.get("language")};
  if (f.get("sku")) body.sku = f.get("sku");
  const made = await api("/campaigns", {method: "POST", body});
  const done = await watchJob(made.setup_job_id, j => box.replaceChildren(progressBar(j.progress), " ", j.stage));
  box.replaceChildren(el("p", {class: done.status === "succeeded" ? "ok" : "error"}, done.error || done.status));
  await loadCampaigns();
  await showCampaign(made.id);
});

loadChoices();
loadCampaigns();
setInterval(loadCampaigns, 2000);
