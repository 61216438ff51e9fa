from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.settings import JOB_LIMITS, Settings
from workers.routes import QUEUES


def test_defaults_are_embedded_and_live_in_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EVERCAST_DATA_DIR", str(tmp_path))
    s = Settings(_env_file=None)
    assert s.database_url == f"sqlite:///{tmp_path / 'evercast.db'}"
    assert s.broker_url.startswith("sqla+sqlite:///") and s.embedded_broker
    assert s.result_url.startswith("db+sqlite:///")
    assert s.api.rate_limit_url == "memory://"


def test_nested_environment_variables_and_redis(monkeypatch, tmp_path):
    monkeypatch.setenv("EVERCAST_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EVERCAST_BROKER_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("EVERCAST_WORKER__CONCURRENCY", "7")
    monkeypatch.setenv("EVERCAST_WORKER__QUEUES", '["gpu"]')
    s = Settings(_env_file=None)
    assert s.worker.concurrency == 7 and s.worker.queues == ["gpu"]
    assert s.result_url == "redis://127.0.0.1:6379/3" and not s.embedded_broker
    assert s.api.rate_limit_url == "redis://127.0.0.1:6379/3"  # API processes share the per-key budgets


def test_env_file_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"EVERCAST_DATA_DIR={tmp_path}/d\nEVERCAST_API__PORT=9123\n")
    s = Settings()
    assert s.api.port == 9123 and s.data_dir == tmp_path / "d"


def test_the_default_secret_is_refused_unless_development_is_explicit(tmp_path, monkeypatch):
    monkeypatch.delenv("EVERCAST_ENVIRONMENT", raising=False)
    for environment in ({}, {"environment": "production"}):
        with pytest.raises(ValidationError, match="EVERCAST_SECRET_KEY"):
            Settings(_env_file=None, data_dir=tmp_path, secret_key="dev-insecure-secret", **environment)
    with pytest.raises(ValidationError, match="EVERCAST_STREAM_KEY_SECRET") as refused:
        Settings(_env_file=None, data_dir=tmp_path, stream_key_secret="short-but-private")
    assert "short-but-private" not in str(refused.value)
    monkeypatch.setenv("EVERCAST_ENVIRONMENT", "development")
    assert Settings(_env_file=None, data_dir=tmp_path, secret_key="dev-insecure-secret")
    real = "r" * 40
    s = Settings(_env_file=None, data_dir=tmp_path, environment="production", secret_key=real)
    assert s.secret_key.get_secret_value() == real and real not in repr(s)


def test_an_unset_secret_is_generated_once_per_data_dir_and_private(tmp_path):
    first = Settings(_env_file=None, data_dir=tmp_path / "a")
    again = Settings(_env_file=None, data_dir=tmp_path / "a")
    other = Settings(_env_file=None, data_dir=tmp_path / "b")
    signing, stream = first.secret_key.get_secret_value(), first.stream_key_secret.get_secret_value()
    assert len(signing) >= 32 and signing != stream
    assert again.secret_key.get_secret_value() == signing and again.stream_key_secret.get_secret_value() == stream
    assert other.secret_key.get_secret_value() != signing
    assert first.calls_secret.get_secret_value() not in (signing, stream)
    for name in ("secret_key", "stream_key_secret", "calls_secret"):
        path = tmp_path / "a" / "secrets" / name
        assert path.stat().st_mode & 0o777 == 0o600 and path.read_text() == getattr(first, name).get_secret_value()
    assert "EMPTY" not in repr(first.script)  # the OpenAI key is a SecretStr too


def test_bad_values_name_the_setting(tmp_path):
    with pytest.raises(ValidationError, match="device"):
        Settings(_env_file=None, data_dir=tmp_path, device="tpu")


def test_rate_limit_store_is_chosen_or_refused_by_url(tmp_path):
    redis_broker = {"data_dir": tmp_path, "broker_url": "redis://127.0.0.1:6379/0"}
    per_process = Settings(_env_file=None, **redis_broker, api={"rate_limit_url": "memory://"})
    assert per_process.api.rate_limit_url == "memory://"
    assert Settings(_env_file=None, data_dir=tmp_path,
                    api={"rate_limit_url": "redis://10.0.0.5:6379/2"}).api.rate_limit_url == "redis://10.0.0.5:6379/2"
    with pytest.raises(ValidationError, match="RATE_LIMIT_URL"):
        Settings(_env_file=None, data_dir=tmp_path, api={"rate_limit_url": "memcached://x"})


def test_job_limits_scale_with_the_input_and_are_set_per_kind(monkeypatch, tmp_path):
    monkeypatch.setenv("EVERCAST_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EVERCAST_WORKER__LIMITS", '{"avatar.create": {"base_s": 60, "per_unit_s": 2, "retry": true}}')
    monkeypatch.setenv("EVERCAST_WORKER__DEFAULT_LIMIT", '{"base_s": 30}')
    worker = Settings(_env_file=None).worker
    assert worker.limit_for("avatar.create").seconds(30) == 120 and worker.limit_for("avatar.create").retry
    assert worker.limit_for("render.segment") == JOB_LIMITS["render.segment"]  # the table under the override
    assert worker.limit_for("plugin.kind").seconds(1000) == 30
    assert set(QUEUES) <= set(JOB_LIMITS), "every built-in job kind has a limit of its own"
