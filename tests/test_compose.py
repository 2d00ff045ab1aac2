"""compose.yml and the image cannot be run here (no Docker engine): their structure is checked instead."""

import importlib.util
import re

import pytest
import yaml

from tests.infra.settings_source import BASE_DIR, environment_variables

COMPOSE_FILE = BASE_DIR / "compose.yml"
APPLICATION_SERVICES = ("web", "worker", "beat")
REQUIRED = re.compile(r"^\$\{[A-Z][A-Z0-9_]*:\?[^}]+\}$")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def command_line(service: dict) -> str:
    command = service.get("command", [])
    return command if isinstance(command, str) else " ".join(command)


def test_compose_runs_exactly_web_worker_beat_postgresql_and_redis(services):
    assert sorted(services) == ["beat", "db", "redis", "web", "worker"]
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    for name in APPLICATION_SERVICES:
        assert services[name]["build"] == {"context": "."}
        assert services[name]["restart"] == "unless-stopped"


def test_the_worker_consumes_every_queue_and_beat_runs_the_schedule(services):
    assert command_line(services["worker"]).startswith(
        "celery -A config worker -Q default,notifications,reports"
    )
    assert command_line(services["beat"]).startswith("celery -A config beat")
    assert command_line(services["web"]) == "web"


def test_the_web_entrypoint_migrates_collects_static_files_and_serves_with_gunicorn():
    entrypoint = (BASE_DIR / "docker" / "entrypoint.sh").read_text(encoding="utf-8")
    migrate = entrypoint.index("python manage.py migrate --noinput")
    collect = entrypoint.index("python manage.py collectstatic --noinput")
    serve = entrypoint.index("exec gunicorn config.wsgi")
    assert migrate < collect < serve
    assert (BASE_DIR / "docker" / "entrypoint.sh").stat().st_mode & 0o111


def test_web_database_redis_and_worker_have_health_checks(services):
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "/app/docker/healthcheck.py"]
    assert services["db"]["healthcheck"]["test"] == ["CMD-SHELL", "pg_isready -U placette -d placette"]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "celery -A config inspect ping" in services["worker"]["healthcheck"]["test"][1]


def test_services_start_only_once_what_they_depend_on_is_healthy(services):
    def dependencies(name: str) -> dict[str, str]:
        return {dependency: spec["condition"] for dependency, spec in services[name]["depends_on"].items()}

    assert dependencies("web") == {"db": "service_healthy", "redis": "service_healthy"}
    assert dependencies("worker") == {
        "db": "service_healthy",
        "redis": "service_healthy",
        "web": "service_healthy",
    }
    assert dependencies("beat") == {"redis": "service_healthy", "web": "service_healthy"}


def test_data_lives_in_named_volumes(compose, services):
    assert sorted(compose["volumes"]) == ["media", "postgres-data", "private", "redis-data", "static"]
    assert services["db"]["volumes"] == ["postgres-data:/var/lib/postgresql/data"]
    assert services["redis"]["volumes"] == ["redis-data:/data"]
    assert services["web"]["volumes"] == [
        "static:/var/lib/placette/static",
        "media:/var/lib/placette/media",
        "private:/var/lib/placette/private",
    ]
    assert services["worker"]["volumes"] == [
        "static:/var/lib/placette/static:ro",
        "media:/var/lib/placette/media",
        "private:/var/lib/placette/private",
    ]


@pytest.mark.parametrize("service", APPLICATION_SERVICES)
def test_every_variable_the_settings_read_is_passed_to_the_application_services(services, service):
    environment = services[service]["environment"]
    missing = [name for name in environment_variables() if name not in environment]
    assert missing == []
    assert environment["PLACETTE_DEBUG"] == "false"
    assert environment["CELERY_TASK_ALWAYS_EAGER"] == "false"
    assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert environment["PLACETTE_MEDIA_ROOT"] == "/var/lib/placette/media"
    assert environment["PLACETTE_STATIC_ROOT"] == "/var/lib/placette/static"


def test_no_secret_is_written_in_the_compose_file(services):
    web = services["web"]["environment"]
    assert REQUIRED.match(web["PLACETTE_SECRET_KEY"])
    assert REQUIRED.match(services["db"]["environment"]["POSTGRES_PASSWORD"])
    assert re.fullmatch(
        r"postgres://placette:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432/placette", web["DATABASE_URL"]
    )
    for service in services.values():
        for name, value in (service.get("environment") or {}).items():
            if re.search(r"SECRET|PASSWORD|TOKEN", name):
                assert str(value).startswith("${"), f"{name} is hard-coded"


def test_every_variable_compose_interpolates_is_documented_in_the_deployment_guide():
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", COMPOSE_FILE.read_text(encoding="utf-8")))
    guide = (BASE_DIR / "docs" / "deployment.md").read_text(encoding="utf-8")
    undocumented = sorted(name for name in interpolated if not re.search(rf"^{name}=", guide, re.MULTILINE))
    assert undocumented == []


def test_the_image_is_python_3_11_slim_with_locked_dependencies_and_a_non_root_user():
    dockerfile = (BASE_DIR / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.MULTILINE)
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "libpango-1.0-0" in dockerfile
    assert re.search(r"^USER placette$", dockerfile, re.MULTILINE)
    makefile_uv = re.search(r"^UV_VERSION := (\S+)$", (BASE_DIR / "Makefile").read_text(), re.MULTILINE)
    assert f'"uv=={makefile_uv.group(1)}"' in dockerfile


def test_the_docker_context_leaves_out_local_state():
    ignored = (BASE_DIR / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".env", "var"} <= set(ignored)
    # A kernel compiled on the host (another libc) must not reach the image, which compiles its own.
    assert "budgets/allocation/_mes_kernel-*.so" in ignored


def test_the_image_compiles_the_equal_shares_kernel_and_drops_the_compiler():
    dockerfile = (BASE_DIR / "Dockerfile").read_text(encoding="utf-8")
    step = next(block for block in dockerfile.split("\n\n") if "build_kernel" in block)
    assert "apt-get install -y --no-install-recommends gcc libc6-dev" in step
    assert "apt-get purge -y --auto-remove gcc libc6-dev" in step


@pytest.fixture
def healthcheck():
    spec = importlib.util.spec_from_file_location("healthcheck", BASE_DIR / "docker" / "healthcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("placette.example.org,www.placette.example.org", "placette.example.org"),
        (" .placette.example.org ", "placette.example.org"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_the_health_check_asks_for_an_allowed_host(healthcheck, monkeypatch, allowed_hosts, host):
    monkeypatch.setenv("PLACETTE_ALLOWED_HOSTS", allowed_hosts)
    assert healthcheck.allowed_host() == host
