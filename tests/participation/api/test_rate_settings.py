"""The API's throttle rates come from the environment, checked when the settings load."""

from tests.test_settings import load_settings, settings_error


def test_the_rates_come_from_the_environment(tmp_path):
    loaded = load_settings(
        ["PLACETTE_API_RATE_USER", "PLACETTE_API_RATE_IP"],
        PLACETTE_DEBUG="true",
        PLACETTE_VAR_DIR=str(tmp_path),
        PLACETTE_API_RATE_USER="1000/hour",
        PLACETTE_API_RATE_IP="50/second",
    )
    assert loaded == {"PLACETTE_API_RATE_USER": "1000/hour", "PLACETTE_API_RATE_IP": "50/second"}


def test_the_default_rates(tmp_path):
    loaded = load_settings(
        ["PLACETTE_API_RATE_USER", "PLACETTE_API_RATE_IP"],
        PLACETTE_DEBUG="true",
        PLACETTE_VAR_DIR=str(tmp_path),
    )
    assert loaded == {"PLACETTE_API_RATE_USER": "120/minute", "PLACETTE_API_RATE_IP": "300/minute"}


def test_a_malformed_rate_is_refused_with_a_clear_message(tmp_path):
    stderr = settings_error(
        PLACETTE_DEBUG="true", PLACETTE_VAR_DIR=str(tmp_path), PLACETTE_API_RATE_USER="lots"
    )
    assert "PLACETTE_API_RATE_USER must look like 120/minute, not 'lots'" in stderr
