"""Configuration from environment variables, with a git-ignored local secrets file.

Every process (front end, Rasa, action server, CLI) reads the same settings through
`Settings.from_env()`, so one environment configures the whole stack.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Mapping, Optional, Tuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAX_RASA_SERVERS = 8  # each loads the model: about 800 MB of memory


class ConfigError(Exception):
    """A setting is wrong; the message is one sentence for the person who set it."""


@dataclass(frozen=True)
class Retention:
    """How many days personal data is kept before the daily retention job deletes it."""

    conversations_days: int  # Rasa's conversation history
    wishes_days: int
    pearls_days: int  # what tenants offer to do (Parelketting)
    off_record_days: int
    outbox_days: int  # delivered or skipped pushed messages: they hold copies of wishes and reports


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    database_url: str
    rasa_host: str
    rasa_port: int  # the first Rasa server; server i (0-based) listens on rasa_port + i
    rasa_servers: int  # Rasa handles one message at a time per process: more processes use more cores
    action_host: str
    action_port: int
    rasa_auth_token: str
    telegram_bot_token: Optional[str]
    telegram_api_url: Optional[str]
    timezone: ZoneInfo
    rasa_timeout: float
    model_dir: Path
    strips_per_quarter: int
    digest_cron: str
    webhook_url: Optional[str]
    webhook_listen: str
    webhook_port: int
    webhook_secret: str
    retention: Retention
    log_level: str  # of the servers' logs; library debug output never reaches them (buurtbot/server_logs.py)
    dashboard_host: str = "127.0.0.1"
    dashboard_port: int = 8088
    dashboard_public_url: Optional[str] = None  # DASHBOARD_URL: the address behind a reverse proxy
    telegram_bot_username: Optional[str] = None  # for invite deep links (t.me/<name>?start=<code>)
    rasa_remote_urls: Tuple[str, ...] = ()  # RASA_URLS: Rasa servers on any hosts; the launcher then starts none
    redis_url: Optional[str] = None  # REDIS_URL: Rasa's lock store, shared by every Rasa server

    @property
    def rasa_url(self) -> str:
        return self.rasa_urls[0]

    @property
    def rasa_urls(self) -> List[str]:
        if self.rasa_remote_urls:
            return list(self.rasa_remote_urls)
        return [f"http://{self.rasa_host}:{self.rasa_port + i}" for i in range(self.rasa_servers)]

    @property
    def dashboard_url(self) -> str:
        """Where staff open the dashboard: DASHBOARD_URL behind a proxy, else the address it listens on."""
        return (self.dashboard_public_url or f"http://{self.dashboard_host}:{self.dashboard_port}").rstrip("/")

    @property
    def action_url(self) -> str:
        return f"http://{self.action_host}:{self.action_port}/webhook"

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        var_dir = Path(env.get("BUURTBOT_VAR_DIR", PROJECT_ROOT / "var")).resolve()
        return cls(
            var_dir=var_dir,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'buurtbot.db'}",
            rasa_host=env.get("RASA_HOST", "127.0.0.1"),
            rasa_port=_port(env, "RASA_PORT", 5005),
            rasa_servers=_rasa_servers(env, _port(env, "RASA_PORT", 5005)),
            action_host=env.get("ACTION_HOST", "127.0.0.1"),
            action_port=_port(env, "ACTION_PORT", 5055),
            rasa_auth_token=env.get("RASA_AUTH_TOKEN") or _local_secret(var_dir, "RASA_AUTH_TOKEN"),
            telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            telegram_api_url=env.get("TELEGRAM_API_URL") or None,
            timezone=_timezone(env.get("BUURTBOT_TIMEZONE", "Europe/Amsterdam")),
            rasa_timeout=_positive_float(env, "RASA_TIMEOUT", 15.0),
            model_dir=Path(env.get("BUURTBOT_MODEL_DIR", PROJECT_ROOT / "models")).resolve(),
            strips_per_quarter=int(_positive_float(env, "STRIPS_PER_QUARTER", 10)),
            digest_cron=_cron(env.get("DIGEST_CRON", "0 9 * * mon")),
            webhook_url=env.get("WEBHOOK_URL") or None,
            webhook_listen=env.get("WEBHOOK_LISTEN", "127.0.0.1"),
            webhook_port=_port(env, "WEBHOOK_PORT", 8443),
            webhook_secret=env.get("WEBHOOK_SECRET")
            or (_local_secret(var_dir, "WEBHOOK_SECRET") if env.get("WEBHOOK_URL") else ""),
            retention=Retention(
                conversations_days=_days(env, "RETAIN_CONVERSATIONS_DAYS", 90),
                wishes_days=_days(env, "RETAIN_WISHES_DAYS", 730),
                pearls_days=_days(env, "RETAIN_PEARLS_DAYS", 730),
                off_record_days=_days(env, "RETAIN_OFF_RECORD_DAYS", 365),
                outbox_days=_days(env, "RETAIN_OUTBOX_DAYS", 30),
            ),
            log_level=_log_level(env.get("LOG_LEVEL", "INFO")),
            dashboard_host=env.get("DASHBOARD_HOST", "127.0.0.1"),
            dashboard_port=_port(env, "DASHBOARD_PORT", 8088),
            dashboard_public_url=_web_address(env.get("DASHBOARD_URL")),
            telegram_bot_username=(env.get("TELEGRAM_BOT_USERNAME") or "").lstrip("@") or None,
            rasa_remote_urls=_server_urls(env.get("RASA_URLS", "")),
            redis_url=_redis_url(env.get("REDIS_URL")),
        )

    def process_env(self) -> dict:
        """The environment for child processes, so they see exactly these settings."""
        env = dict(os.environ)
        env.update(
            BUURTBOT_VAR_DIR=str(self.var_dir),
            DATABASE_URL=self.database_url,
            RASA_HOST=self.rasa_host,
            RASA_PORT=str(self.rasa_port),
            RASA_SERVERS=str(self.rasa_servers),
            ACTION_HOST=self.action_host,
            ACTION_PORT=str(self.action_port),
            RASA_AUTH_TOKEN=self.rasa_auth_token,
            BUURTBOT_TIMEZONE=self.timezone.key,
            BUURTBOT_MODEL_DIR=str(self.model_dir),
            STRIPS_PER_QUARTER=str(self.strips_per_quarter),
            DIGEST_CRON=self.digest_cron,
            RETAIN_CONVERSATIONS_DAYS=str(self.retention.conversations_days),
            RETAIN_WISHES_DAYS=str(self.retention.wishes_days),
            RETAIN_PEARLS_DAYS=str(self.retention.pearls_days),
            RETAIN_OFF_RECORD_DAYS=str(self.retention.off_record_days),
            RETAIN_OUTBOX_DAYS=str(self.retention.outbox_days),
            LOG_LEVEL=self.log_level,
            DASHBOARD_HOST=self.dashboard_host,
            DASHBOARD_PORT=str(self.dashboard_port),
            TELEGRAM_BOT_USERNAME=self.telegram_bot_username or "",
            RASA_TELEMETRY_ENABLED="false",  # privacy, and there is nobody to report to
            TF_CPP_MIN_LOG_LEVEL="2",
            PYTHONWARNINGS="ignore",  # Rasa's dependencies warn a lot about their own deprecations
            PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
        )
        env.pop("REDIS_URL", None)
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.pop("RASA_URLS", None)
        if self.rasa_remote_urls:
            env["RASA_URLS"] = " ".join(self.rasa_remote_urls)
        env.pop("DASHBOARD_URL", None)
        if self.dashboard_public_url:
            env["DASHBOARD_URL"] = self.dashboard_public_url
        return env


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (cached; tests call get_settings.cache_clear())."""
    return Settings.from_env()


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"{name}={raw!r} is not a port number (1-65535).")
    return int(raw)


def _rasa_servers(env: Mapping[str, str], first_port: int) -> int:
    raw = env.get("RASA_SERVERS") or "2"  # 2: this machine's cores; one process per core
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_RASA_SERVERS:
        raise ConfigError(f"RASA_SERVERS={raw!r} must be a whole number from 1 to {MAX_RASA_SERVERS}.")
    if first_port + int(raw) - 1 > 65535:
        raise ConfigError(f"RASA_PORT={first_port} leaves no room for {raw} Rasa servers on the ports after it.")
    return int(raw)


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be a positive number of seconds.")
    return value


def _days(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    if not raw.isdigit() or int(raw) == 0:
        raise ConfigError(f"{name}={raw!r} must be a whole number of days, at least 1.")
    return int(raw)


def _cron(expression: str) -> str:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expression)
    except ValueError:
        raise ConfigError(
            f"DIGEST_CRON={expression!r} is not a crontab schedule (e.g. '0 9 * * mon' for Monday 09:00)."
        ) from None
    return expression


def _server_urls(raw: str) -> Tuple[str, ...]:
    """RASA_URLS: addresses separated by spaces or commas, each scheme://host:port without a path."""
    urls = tuple(dict.fromkeys(part.rstrip("/") for part in raw.replace(",", " ").split()))
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise ConfigError(
                f"RASA_URLS holds {url!r}: give each Rasa server as http://host:port, separated by spaces or commas."
            )
    return urls


def _redis_url(raw: Optional[str]) -> Optional[str]:
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ConfigError(f"REDIS_URL must look like redis://host:6379/1 (or rediss:// with TLS), not {raw!r}.")
    return raw


def _web_address(raw: Optional[str]) -> Optional[str]:
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in raw:
        raise ConfigError(f"DASHBOARD_URL={raw!r} must be a web address, e.g. https://dashboard.buurtbot.example.nl.")
    if parts.path.strip("/") or parts.query:
        # The pages link to /wensen, /verwijsindex ...: the dashboard lives at the root of its own address.
        raise ConfigError(
            f"DASHBOARD_URL={raw!r} has a path: serve the dashboard at the root of its own host name, "
            "e.g. https://dashboard.buurtbot.example.nl."
        )
    return raw


def _timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except Exception:
        raise ConfigError(f"BUURTBOT_TIMEZONE={name!r} is not a known time zone (e.g. Europe/Amsterdam).") from None


def _local_secret(var_dir: Path, name: str) -> str:
    """Reads a secret from var/secrets.env, generating it there (mode 600) on first use."""
    path = var_dir / "secrets.env"
    values = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip()] = value.strip()
    if name not in values:
        values[name] = secrets.token_urlsafe(32)
        var_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    return values[name]


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {value!r}.")
    return level
