"""Rooms over the API: creation with encrypted keys, roles, consent before going live."""

from __future__ import annotations


def test_rooms_keep_keys_secret_and_refuse_unconsented_avatars(api):
    operator_key = api.as_(api.acme).post("/api-keys", json={"name": "ops", "role": "operator"}).json()["key"]
    ops = api.client.__class__(base_url=api.client.base_url, headers={"Authorization": f"Bearer {operator_key}"})
    made = ops.post("/rooms", json={"name": "24h", "schedule": {"timezone": "Asia/Shanghai", "always": True},
                                    "destinations": [{"name": "douyin", "server_url": "rtmp://127.0.0.1:1/live",
                                                      "stream_key": "s3cr3t-key"}]})
    assert made.status_code == 201, made.text
    assert "s3cr3t-key" not in made.text
    db_text = b"".join(p.read_bytes() for p in api.stack.settings.data_dir.glob("evercast.db*"))
    assert b"s3cr3t-key" not in db_text, "the stream key is stored in clear"
    bad = ops.post("/rooms", json={"name": "x", "destinations": [{"name": "d", "server_url": "http://nope", "stream_key": "k"}]})
    assert bad.status_code == 422
    reviewer_key = api.as_(api.acme).post("/api-keys", json={"name": "rev", "role": "reviewer"}).json()["key"]
    reviewer = api.client.__class__(base_url=api.client.base_url, headers={"Authorization": f"Bearer {reviewer_key}"})
    assert reviewer.post("/rooms", json={"name": "y"}).status_code == 403
    assert reviewer.get(f"/rooms/{made.json()['id']}").json()["state"] == "stopped"

    from core.models import Avatar
    from workers.runtime import Runtime

    rt = Runtime.create(api.stack.settings)
    with rt.session() as s:  # an avatar without recorded consent (as an import from elsewhere might leave it)
        s.add(avatar := Avatar(merchant_id=api.acme.merchant_id, name="no consent", status="ready", consent={}))
        s.flush()
        avatar_id = avatar.id
    rt.close()
    room = ops.post("/rooms", json={"name": "z", "avatar_id": avatar_id}).json()
    refused = ops.post(f"/rooms/{room['id']}/start")
    assert refused.status_code == 409 and "consent" in refused.json()["detail"]


def test_platforms_that_want_it_need_a_responsible_person_named(api):
    client = api.as_(api.acme)
    room = client.post("/rooms", json={"name": "d", "destinations": [
        {"name": "douyin", "server_url": "rtmp://127.0.0.1:1/live", "stream_key": "k1"}]}).json()
    refused = client.post(f"/rooms/{room['id']}/start")
    assert refused.status_code == 409 and "responsible" in refused.json()["detail"], refused.text
    named = client.patch(f"/rooms/{room['id']}", json={"responsible": "王经理"})
    assert named.status_code == 200 and named.json()["responsible"] == "王经理"
    assert client.patch(f"/rooms/{room['id']}", json={"schedule": {"always": True}}).json()["responsible"] == "王经理"
    bad = client.patch(f"/rooms/{room['id']}", json={"playlist": {"skus": {"NOPE-1": []}}})
    assert bad.status_code == 422 and "NOPE-1" in bad.json()["detail"]
