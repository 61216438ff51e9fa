// Live rooms: create (avatar, voice, playlist of approved scripts, schedule, destination), control, watch.
"use strict";

const viewers = {};  // room id -> RTCPeerConnection of this page

async function loadChoices() {
  const [avatars, voices, scripts] = await Promise.all([api("/avatars"), api("/voices"), api("/scripts?state=approved&limit=500")]);
  document.getElementById("room-avatar").replaceChildren(
    ...avatars.filter(a => a.status === "ready").map(a => el("option", {value: a.id}, a.name)));
  document.getElementById("room-voice").append(
    ...voices.filter(v => v.status === "ready").map(v => el("option", {value: v.id}, v.name)));
  const bySku = {};
  for (const s of scripts) if (s.sku) (bySku[s.sku] ||= []).push(s);
  const box = document.getElementById("room-skus");
  box.replaceChildren(...Object.entries(bySku).map(([sku, list]) =>
    el("label", {class: "sku"}, el("input", {type: "checkbox", name: "sku", value: sku, checked: ""}), ` ${sku} (${list.length})`)));
  if (!Object.keys(bySku).length) box.replaceChildren(el("p", {class: "hint"}, MSG.no_approved));
}

function roomBody(form) {
  const f = new FormData(form);
  const body = {name: f.get("name"), avatar_id: f.get("avatar_id") || null, voice_id: f.get("voice_id") || null,
                responsible: f.get("responsible") || null,
                playlist: {skus: Object.fromEntries(f.getAll("sku").map(s => [s, []])),
                           prompts: f.get("prompts").split("\n").map(s => s.trim()).filter(Boolean), prompt_every: 3},
                schedule: f.get("when") === "always" ? {timezone: f.get("timezone"), always: true}
                  : {timezone: f.get("timezone"), windows: [{start: f.get("start"), end: f.get("end")}]},
                destinations: []};
  if (f.get("dest_url")) body.destinations.push({name: f.get("dest_name") || "rtmp", server_url: f.get("dest_url"),
                                                 stream_key: f.get("dest_key")});
  return body;
}

let ICE_SERVERS = null;  // the deployment's STUN/TURN servers, the ones the rooms use too; fetched once
async function iceServers() {
  ICE_SERVERS ??= await api("/webrtc/ice-servers");
  return ICE_SERVERS;
}

async function watch(room, video) {
  const pc = new RTCPeerConnection({iceServers: await iceServers()});
  viewers[room.id] = pc;
  pc.addTransceiver("video", {direction: "recvonly"});
  pc.addTransceiver("audio", {direction: "recvonly"});
  const stream = new MediaStream();
  pc.ontrack = ev => { stream.addTrack(ev.track); video.srcObject = stream; };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise(resolve => {  // send the offer with its candidates (host, and relayed through TURN): no trickle
    if (pc.iceGatheringState === "complete") return resolve();
    pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && resolve();
    setTimeout(resolve, 2000);
  });
  const answer = await api(`/rooms/${room.id}/webrtc`, {method: "POST", body: {sdp: pc.localDescription.sdp, type: "offer"}});
  await pc.setRemoteDescription(answer);
  video.hidden = false;
}

function statusLine(room) {
  const s = room.status || {};
  if (!["starting", "live", "degraded"].includes(room.state)) return el("p", {class: "room-status"});
  return el("p", {class: "room-status"},
    `${MSG.on_air}: ${s.on_air_kind || "-"} · ${MSG.queue}: ${Math.round(s.queue_s || 0)} s · ${MSG.dark}: ${s.dark_s ?? 0} s · `
    + `${MSG.viewers}: ${s.viewers ?? 0} · A/V ${s.av_offset_ms ?? 0} ms`
    + (s.destinations || []).map(d => ` · ${d.id.slice(0, 6)}: ${d.state}`).join(""));
}

function preview(room) {  // one <video> per room for the page's life, so a re-drawn card keeps playing
  if (!videos[room.id]) {
    const video = el("video", {autoplay: "", playsinline: "", controls: "", class: "preview", width: 480});
    video.muted = true;  // browsers autoplay muted media; the viewer unmutes with the controls
    video.hidden = true;
    videos[room.id] = video;
  }
  return videos[room.id];
}

function fillDetails(card, room) {
  card.querySelector(".room-status").replaceWith(statusLine(room));
  api(`/rooms/${room.id}/segments?limit=8`).then(list => card.querySelector(".segments").replaceChildren(
    ...list.map(s => el("li", {"data-state": s.state}, `${s.label || s.kind} · ${s.duration_s.toFixed(1)} s · ${s.state}`))));
}

function roomCard(room) {
  const live = ["starting", "live", "degraded"].includes(room.state);
  const control = action => button(MSG[`room_${action}`], () => api(`/rooms/${room.id}/commands`, {method: "POST", body: {action}}).then(refresh));
  const video = preview(room);
  if (!live && viewers[room.id]) { viewers[room.id].close(); delete viewers[room.id]; video.hidden = true; }
  const announce = el("form", {class: "announce"}, el("input", {name: "text", size: 40, placeholder: MSG.announce_hint, required: ""}),
                      el("button", {type: "submit", class: "small"}, MSG.announce));
  announce.addEventListener("submit", async ev => {
    ev.preventDefault();
    await api(`/rooms/${room.id}/announce`, {method: "POST", body: {text: new FormData(announce).get("text")}});
    announce.reset();
  });
  const card = el("section", {class: "card room", "data-state": room.state, "data-id": room.id},
    el("h2", {}, room.name, " ", el("span", {class: `status ${room.state}`}, room.state)),
    el("p", {class: "room-status"}),
    el("div", {class: "actions"},
       live ? button(MSG.stop, () => api(`/rooms/${room.id}/stop`, {method: "POST"}).then(refresh))
            : button(MSG.start, () => api(`/rooms/${room.id}/start`, {method: "POST"}).then(refresh)),
       ...(live ? [control("pause"), control("resume"), control("skip"),
                   button(MSG.watch, ev => { ev.target.disabled = true; watch(room, video).catch(() => { ev.target.disabled = false; }); })] : [])),
    live ? announce : "", video, el("ol", {class: "segments", reversed: ""}));
  fillDetails(card, room);
  return card;
}

const cards = {}, videos = {};
async function refresh() {
  const rooms = await api("/rooms");
  const box = document.getElementById("rooms");
  if (!rooms.length) return box.replaceChildren(el("p", {class: "hint"}, MSG.empty));
  box.querySelector(":scope > p.hint")?.remove();
  for (const room of rooms) {
    const old = cards[room.id];
    if (old && old.dataset.state === room.state) { fillDetails(old, room); continue; }
    const card = roomCard(room);
    if (old) old.replaceWith(card); else box.append(card);
    cards[room.id] = card;
  }
}

document.getElementById("new-room").addEventListener("submit", async ev => {
  ev.preventDefault();
  const body = roomBody(ev.target);
  const picture = document.getElementById("room-background").files[0];
  if (picture) body.background_asset_id = (await uploadFile(picture, "image", () => {})).id;
  await api("/rooms", {method: "POST", body});
  ev.target.reset();
  refresh();
});
loadChoices(); refresh(); setInterval(refresh, 3000);
