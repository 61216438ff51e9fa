"""Logins budgeted per account and address, server-side sessions, user administration and password hashes."""

from __future__ import annotations

import asyncio
import hashlib
import statistics
import time

import httpx
import pytest
from evercast_testkit import log_in
from sqlalchemy import select

from core.models import User
from core.settings import ApiSettings, Settings
from studio.services import accounts
from workers.runtime import Runtime

PASSWORD = "correct horse battery"


@pytest.fixture
def api_env() -> dict[str, str]:
    return {"EVERCAST_API__LOGIN_ACCOUNT_BURST": "5", "EVERCAST_API__LOGIN_ACCOUNT_REFILL_S": "600",
            "EVERCAST_API__LOGIN_ADDRESS_BURST": "14", "EVERCAST_API__LOGIN_ADDRESS_REFILL_S": "600"}


def _client(api) -> httpx.Client:  # noqa: ANN001 - the api fixture
    return httpx.Client(base_url=api.client.base_url, timeout=30)


def _login(client: httpx.Client, email: str, password: str, **extra: str) -> httpx.Response:
    return client.post("/auth/login", json={"email": email, "password": password, **extra})


def test_logins_are_budgeted_per_account_and_per_address_and_successes_are_free(api):
    client = _client(api)
    for _ in range(7):  # more than the account's burst of 5: successes give their attempt back
        assert _login(client, api.rival.email, PASSWORD).status_code == 200
    codes = [_login(client, api.acme.email, "wrong password!").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    locked = _login(client, api.acme.email, PASSWORD)  # even the right password waits now
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 60
    assert "too many login attempts" in locked.json()["detail"]
    # fresh addresses that exist nowhere: only the client address's budget (14, 7 spent) can stop them
    codes = [_login(client, f"nobody{i}@example.com", "wrong password!").status_code for i in range(10)]
    assert codes.count(401) == 7 and codes[7:] == [429] * 3, codes


def test_unknown_emails_get_the_same_answer_in_the_same_time(api):
    client = _client(api)
    with Runtime.create(api.stack.settings).session() as s:  # an inactive user is no different
        s.add(User(merchant_id=api.acme.merchant_id, email="gone@acme.example.com", role="editor", active=False,
                   password_hash=accounts.hash_password(PASSWORD)))
    known, unknown = [], []
    for i in range(4):
        for email, times in ((api.rival.email, known), (f"ghost{i}@example.com", unknown)):
            start = time.perf_counter()
            answer = _login(client, email, "wrong password!")
            times.append(time.perf_counter() - start)
            assert (answer.status_code, answer.json()) == (401, {"detail": "wrong email or password"})
    inactive = _login(client, "gone@acme.example.com", PASSWORD)
    assert (inactive.status_code, inactive.json()) == (401, {"detail": "wrong email or password"})
    # an unknown email costs a (dummy) password check too: not a fraction of a known one's time
    assert statistics.median(unknown) > 0.5 * statistics.median(known), (known, unknown)


def test_creating_a_user_never_reveals_another_merchants_email(api):
    owner = api.as_(api.acme)
    made = owner.post("/users", json={"email": api.rival.email, "password": "acme's own password", "role": "editor"})
    assert made.status_code == 201, made.text
    dup = owner.post("/users", json={"email": api.rival.email, "password": "acme's own password", "role": "editor"})
    assert dup.status_code == 422 and api.rival.email not in dup.text
    client = _client(api)
    assert _login(client, api.rival.email, "acme's own password").json()["merchant_id"] == api.acme.merchant_id
    assert _login(client, api.rival.email, PASSWORD).json()["merchant_id"] == api.rival.merchant_id
    # the same password at both merchants: the login has to name one
    owner.post(f"/users/{made.json()['id']}/password", json={"password": PASSWORD})
    both = _login(client, api.rival.email, PASSWORD)
    assert both.status_code == 422 and "merchant" in both.json()["detail"]
    assert _login(client, api.rival.email, PASSWORD, merchant="acme").json()["merchant_id"] == api.acme.merchant_id


def test_logout_ends_the_session_on_the_server_and_the_database_keeps_no_token(api):
    client = _client(api)
    assert _login(client, api.acme.email, PASSWORD).status_code == 200
    token = client.cookies["evercast_session"]
    db_text = b"".join(p.read_bytes() for p in api.stack.settings.data_dir.glob("evercast.db*"))
    assert token.encode() not in db_text, "the session token was stored"
    copy = httpx.Client(base_url=api.client.base_url, cookies={"evercast_session": token}, timeout=10)
    assert copy.get("/auth/me").status_code == 200
    assert client.post("/auth/logout").status_code == 204
    assert copy.get("/auth/me").status_code == 401, "the copied cookie still works after logout"


def test_sign_out_everywhere_ends_every_session_of_the_user(api):
    laptop, phone, other = _client(api), _client(api), _client(api)
    for client in (laptop, phone):
        _login(client, api.acme.email, PASSWORD)
    _login(other, api.rival.email, PASSWORD)
    assert laptop.post("/auth/logout-everywhere").status_code == 204
    assert laptop.get("/auth/me").status_code == 401 and phone.get("/auth/me").status_code == 401
    assert other.get("/auth/me").status_code == 200


def test_owners_list_change_role_deactivate_and_set_passwords(api):
    owner, rival = api.as_(api.acme), api.as_(api.rival)
    ed = owner.post("/users", json={"email": "ed@acme.example.com", "password": "first password", "role": "editor"}).json()
    boss = owner.post("/users", json={"email": "boss@acme.example.com", "password": "boss password", "role": "owner"}).json()
    listed = owner.get("/users").json()
    assert {u["email"] for u in listed} == {api.acme.email, "ed@acme.example.com", "boss@acme.example.com"}
    assert all("password" not in str(u) for u in listed)
    assert rival.patch(f"/users/{ed['id']}", json={"role": "owner"}).status_code == 404

    editor = _client(api)
    _login(editor, "ed@acme.example.com", "first password")
    assert editor.get("/users").status_code == 403
    assert owner.patch(f"/users/{ed['id']}", json={"role": "operator"}).json()["role"] == "operator"
    assert editor.get("/auth/me").json()["role"] == "operator"
    # a new password ends the user's sessions; only the new password opens a new one
    assert owner.post(f"/users/{ed['id']}/password", json={"password": "second password"}).status_code == 204
    assert editor.get("/auth/me").status_code == 401
    assert _login(editor, "ed@acme.example.com", "first password").status_code == 401
    assert _login(editor, "ed@acme.example.com", "second password").status_code == 200
    assert owner.delete(f"/users/{ed['id']}/sessions").json() == {"ended": 1}
    assert editor.get("/auth/me").status_code == 401

    # deactivating stops the user's sessions and the API keys they made
    boss_session = _client(api)
    _login(boss_session, "boss@acme.example.com", "boss password")
    boss_key = boss_session.post("/api-keys", json={"name": "boss ci", "role": "editor"}).json()["key"]
    boss_by_key = httpx.Client(base_url=api.client.base_url, headers={"Authorization": f"Bearer {boss_key}"})
    assert boss_by_key.get("/auth/me").status_code == 200
    assert owner.patch(f"/users/{boss['id']}", json={"active": False}).json()["active"] is False
    assert boss_session.get("/auth/me").status_code == 401 and boss_by_key.get("/auth/me").status_code == 401
    assert _login(_client(api), "boss@acme.example.com", "boss password").status_code == 401
    # the merchant keeps an active owner
    me = next(u for u in listed if u["email"] == api.acme.email)
    last = owner.patch(f"/users/{me['id']}", json={"role": "editor"})
    assert last.status_code == 422 and "owner" in last.json()["detail"]
    actions = {e["action"] for e in owner.get("/audit").json()}
    assert {"user.update", "user.password", "user.sessions_end"} <= actions


def test_passwords_are_argon2id_with_their_parameters_and_old_scrypt_hashes_are_upgraded(tmp_path):
    fresh = accounts.hash_password(PASSWORD)
    assert fresh.startswith("$argon2id$v=19$m=") and ",t=" in fresh and ",p=" in fresh
    rt = Runtime.create(Settings(_env_file=None, data_dir=tmp_path))
    try:
        with rt.session() as s:
            merchant, _ = accounts.create_merchant(s, "acme", "Acme", "owner@acme.example.com", PASSWORD)
            # the hash an earlier version stored: scrypt N=2^14, r=8, p=1 with a 16-byte salt
            digest = hashlib.scrypt(PASSWORD.encode(), salt=bytes(16), n=2**14, r=8, p=1, dklen=32).hex()
            s.scalar(select(User).where(User.merchant_id == merchant.id)).password_hash = f"scrypt${'00' * 16}${digest}"
        with rt.session() as s:
            assert accounts.authenticate(s, "owner@acme.example.com", "not the password") is None
            assert s.scalar(select(User)).password_hash.startswith("scrypt$")
            assert accounts.authenticate(s, "OWNER@acme.example.com", PASSWORD) is not None
        with rt.session() as s:
            upgraded = s.scalar(select(User)).password_hash
            assert upgraded.startswith("$argon2id$")
            assert accounts.authenticate(s, "owner@acme.example.com", PASSWORD) is not None
    finally:
        rt.close()


def test_the_users_page_lists_deactivates_and_signs_out_everywhere(api, browser):
    owner = api.as_(api.acme)
    ed = owner.post("/users", json={"email": "ed@acme.example.com", "password": "first password", "role": "editor"})
    base = str(api.client.base_url)
    page = browser.new_page(locale="en-US")
    log_in(page, base, api.acme.email, PASSWORD)
    page.goto(f"{base}/ui/users?lang=en")
    page.wait_for_selector("#users tbody tr:nth-child(2)")  # a selector, not a JS string: the CSP refuses eval
    assert page.locator("#users tbody tr").count() == 2
    assert "ed@acme.example.com" in page.inner_text("#users") and api.rival.email not in page.inner_text("#users")
    row = page.locator("#users tbody tr", has_text="ed@acme.example.com")
    row.get_by_role("button", name="Deactivate").click()
    page.wait_for_selector("#users tbody tr.revoked")
    assert next(u for u in owner.get("/users").json() if u["id"] == ed.json()["id"])["active"] is False
    page.click("#sign-out-everywhere")
    page.wait_for_url("**/ui/login")
    assert page.request.get(f"{base}/auth/me").status == 401


def test_the_in_process_login_budget_gives_successes_back():
    from studio.api.login_limit import make_login_limits

    async def walk() -> list[float]:
        limits = make_login_limits(ApiSettings(rate_limit_url="memory://", login_account_burst=2,
                                               login_account_refill_s=600, login_address_burst=100))
        waits = []
        for _ in range(4):  # successes: each attempt is given back
            waits.append(await limits.retry_after("a@x.com", "10.0.0.1"))
            await limits.succeeded("a@x.com", "10.0.0.1")
        waits += [await limits.retry_after("a@x.com", "10.0.0.1") for _ in range(3)]  # failures add up
        waits.append(await limits.retry_after("b@x.com", "10.0.0.1"))  # another account is not locked
        await limits.close()
        return waits

    waits = asyncio.run(walk())
    assert waits[:6] == [0.0] * 6 and waits[6] > 500 and waits[7] == 0.0, waits
