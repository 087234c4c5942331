"""Settings are read strictly from the environment: bad values stop start-up loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "x" * 20 + "a-very-long-random-secret-key-for-tests-0123456789"


# Variables the test run (or CI's engine matrix) sets: each test here starts from defaults.
TEST_ONLY = {
    "DEBUG",
    "SECRET_KEY",
    "HTTPS_ONLY",
    "QUEUE_SYNC",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
}


def production_environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in TEST_ONLY}


def load_settings(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = production_environ()
    env.update({"SECRET_KEY": GOOD_KEY, "DJANGO_SETTINGS_MODULE": "config.settings"})
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'debug': settings.DEBUG, 'db': settings.DATABASES['default']['ENGINE'],"
        "'cache': settings.CACHES['default']['BACKEND'], 'q': sorted(settings.Q_CLUSTER),"
        "'max_mb': settings.UPLOAD_MAX_MB, 'ssl': settings.SECURE_SSL_REDIRECT,"
        "'hosts': settings.ALLOWED_HOSTS, 'storage': settings.STORAGES['default']['BACKEND']}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_env_bool_accepts_the_usual_words():
    env = Env({"A": "yes", "B": "0", "C": " On "})
    assert env.bool("A") is True
    assert env.bool("B") is False
    assert env.bool("C") is True
    assert env.bool("MISSING", True) is True


def test_env_bool_rejects_anything_else_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        Env({"DEBUG": "maybe"}).bool("DEBUG")


def test_env_int_rejects_words_and_values_below_the_minimum():
    with pytest.raises(ImproperlyConfigured, match="UPLOAD_MAX_MB='forty'"):
        Env({"UPLOAD_MAX_MB": "forty"}).int("UPLOAD_MAX_MB", 40)
    with pytest.raises(ImproperlyConfigured, match="UPLOAD_MAX_MB=0 is below"):
        Env({"UPLOAD_MAX_MB": "0"}).int("UPLOAD_MAX_MB", 40, minimum=1)


def test_env_list_splits_commas_and_drops_blanks():
    assert Env({"H": "a.com, b.com,,"}).list("H") == ["a.com", "b.com"]
    assert Env({}).list("H", ["localhost"]) == ["localhost"]


def test_env_url_requires_a_scheme():
    with pytest.raises(ImproperlyConfigured, match="INSTAGRAM_GRAPH_URL"):
        Env({"INSTAGRAM_GRAPH_URL": "graph.instagram.com"}).url("INSTAGRAM_GRAPH_URL")
    assert Env({"U": "http://127.0.0.1:9/"}).url("U") == "http://127.0.0.1:9"


def test_settings_defaults_are_production_safe():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert '"debug": false' in result.stdout
    assert '"ssl": true' in result.stdout
    assert "sqlite3" in result.stdout
    assert "LocMemCache" in result.stdout
    assert '"orm"' in result.stdout
    assert '"hosts": ["localhost", "127.0.0.1"]' in result.stdout


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = load_settings(SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_settings_allow_no_secret_key_in_debug():
    result = load_settings(SECRET_KEY="", DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "perhaps"),
        ("UPLOAD_MAX_MB", "lots"),
        ("INSTAGRAM_SYNC_MINUTES", "0"),
        ("DATABASE_URL", "nosuchdb://x"),
        ("REDIS_URL", "localhost:6379"),
        ("TIME_ZONE", "Mars/Olympus"),
        ("INSTAGRAM_API_VERSION", "24"),
        ("CSRF_TRUSTED_ORIGINS", "example.com"),
        ("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO"),
    ],
)
def test_settings_stop_on_a_bad_value_naming_the_variable(name, value):
    result = load_settings(**{name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_redis_url_switches_queue_and_cache_to_redis():
    result = load_settings(REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout
    assert '"redis"' in result.stdout
    assert '"orm"' not in result.stdout


def test_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/gallery")
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout


def test_bucket_name_switches_media_to_s3():
    result = load_settings(AWS_STORAGE_BUCKET_NAME="gallery-media")
    assert result.returncode == 0, result.stderr
    assert "storages.backends.s3.S3Storage" in result.stdout


def test_check_deploy_prints_no_warning_in_production_settings():
    env = production_environ()
    env["SECRET_KEY"] = GOOD_KEY
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
