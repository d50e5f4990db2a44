from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from buurtbot.config import ConfigError, Settings


def test_defaults_listen_on_loopback_with_standard_ports(tmp_path: Path) -> None:
    settings = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path)})
    assert (settings.rasa_host, settings.rasa_port) == ("127.0.0.1", 5005)
    assert (settings.action_host, settings.action_port) == ("127.0.0.1", 5055)
    assert settings.database_url == f"sqlite:///{tmp_path / 'buurtbot.db'}"
    assert settings.timezone == ZoneInfo("Europe/Amsterdam")
    assert settings.telegram_bot_token is None


def test_ports_are_overridable(tmp_path: Path) -> None:
    settings = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_PORT": "6005", "ACTION_PORT": "6055"})
    assert settings.rasa_url == "http://127.0.0.1:6005"
    assert settings.action_url == "http://127.0.0.1:6055/webhook"


def test_rasa_servers_listen_on_consecutive_ports(tmp_path: Path) -> None:
    settings = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_PORT": "6005", "RASA_SERVERS": "3"})
    assert settings.rasa_urls == ["http://127.0.0.1:6005", "http://127.0.0.1:6006", "http://127.0.0.1:6007"]
    assert Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path)}).rasa_servers == 2


@pytest.mark.parametrize("value", ["0", "9", "twee", "-1"])
def test_a_bad_number_of_rasa_servers_is_one_clear_sentence(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="RASA_SERVERS.*whole number from 1 to 8"):
        Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_SERVERS": value})
    with pytest.raises(ConfigError, match="RASA_PORT=65535 leaves no room for 2 Rasa servers"):
        Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_PORT": "65535"})


@pytest.mark.parametrize("value", ["abc", "0", "70000", "-1"])
def test_a_bad_port_is_one_clear_sentence(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="RASA_PORT.*not a port number"):
        Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_PORT": value})


def test_auth_token_is_generated_once_into_a_private_secrets_file(tmp_path: Path) -> None:
    first = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path)}).rasa_auth_token
    second = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path)}).rasa_auth_token
    secrets_file = tmp_path / "secrets.env"
    assert first == second and len(first) >= 32
    assert secrets_file.stat().st_mode & 0o777 == 0o600


def test_auth_token_from_the_environment_wins(tmp_path: Path) -> None:
    settings = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_AUTH_TOKEN": "from-env"})
    assert settings.rasa_auth_token == "from-env"
    assert not (tmp_path / "secrets.env").exists()


def test_child_processes_get_the_same_settings(tmp_path: Path) -> None:
    settings = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_AUTH_TOKEN": "t", "ACTION_PORT": "6100"})
    again = Settings.from_env(settings.process_env())
    assert again == settings


def test_unknown_timezone_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="time zone"):
        Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "BUURTBOT_TIMEZONE": "Mars/Olympus"})


def test_webhook_mode_gets_a_generated_secret(tmp_path: Path) -> None:
    settings = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "WEBHOOK_URL": "https://buurtbot.example.org"})
    assert len(settings.webhook_secret) >= 32 and settings.webhook_listen == "127.0.0.1"
    assert (
        Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "WEBHOOK_URL": "https://x"}).webhook_secret
        == settings.webhook_secret
    )


def test_the_dashboard_address_is_where_it_listens_unless_a_public_url_is_set(tmp_path: Path) -> None:
    local = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "DASHBOARD_PORT": "9001"})
    assert local.dashboard_url == "http://127.0.0.1:9001"
    public = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "DASHBOARD_URL": "https://buurtbot.example.nl/"})
    assert public.dashboard_url == "https://buurtbot.example.nl"
    assert Settings.from_env(public.process_env()).dashboard_url == "https://buurtbot.example.nl"
    with pytest.raises(ConfigError, match="DASHBOARD_URL"):
        Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "DASHBOARD_URL": "buurtbot.example.nl"})
    with pytest.raises(ConfigError, match="root of its own host name"):
        Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "DASHBOARD_URL": "https://example.nl/dashboard"})


def test_rasa_urls_name_servers_on_any_hosts(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_URLS": "http://10.0.0.2:5005, http://10.0.0.3:5005/"}
    )
    assert settings.rasa_urls == ["http://10.0.0.2:5005", "http://10.0.0.3:5005"]
    assert Settings.from_env(settings.process_env()).rasa_urls == settings.rasa_urls
    single_host = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_SERVERS": "2", "RASA_PORT": "6000"})
    assert single_host.rasa_urls == ["http://127.0.0.1:6000", "http://127.0.0.1:6001"]
    with pytest.raises(ConfigError, match="RASA_URLS"):
        Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_URLS": "10.0.0.2:5005"})
