import pytest

from tests.infra import binaries, system_requirements


def missing_chromium_and_redis() -> list[binaries.Requirement]:
    return [
        binaries.Requirement("PostgreSQL server (initdb, pg_ctl)", ("postgresql",), True),
        binaries.Requirement("redis-server", ("redis-server",), False),
        binaries.Requirement("Chromium at /usr/bin/chromium", ("chromium",), False),
    ]


def test_without_root_a_missing_program_stops_with_the_exact_command_to_run(monkeypatch, capsys):
    monkeypatch.setattr(binaries, "requirements", missing_chromium_and_redis)
    monkeypatch.setattr(system_requirements.os, "geteuid", lambda: 1000)
    ran = []
    monkeypatch.setattr(system_requirements.subprocess, "run", lambda *args, **kwargs: ran.append(args))

    assert system_requirements.main() == 1

    error = capsys.readouterr().err
    assert "The test suite needs: redis-server, Chromium at /usr/bin/chromium." in error
    assert "sudo sh -c 'apt-get update && apt-get install -y chromium redis-server'" in error
    assert ran == []


def test_as_root_a_missing_program_is_installed_with_apt_get(monkeypatch):
    state = {"installed": False}

    def requirements() -> list[binaries.Requirement]:
        listed = missing_chromium_and_redis()
        return [
            binaries.Requirement(r.name, r.debian_packages, state["installed"] or r.present) for r in listed
        ]

    commands = []

    def run(argv, **kwargs):
        commands.append(argv)
        if argv[:2] == ["apt-get", "install"]:
            state["installed"] = True

    monkeypatch.setattr(binaries, "requirements", requirements)
    monkeypatch.setattr(system_requirements.os, "geteuid", lambda: 0)
    monkeypatch.setattr(system_requirements.subprocess, "run", run)

    assert system_requirements.main() == 0
    assert commands == [["apt-get", "update"], ["apt-get", "install", "-y", "chromium", "redis-server"]]


def test_nothing_is_installed_when_everything_is_present(monkeypatch):
    monkeypatch.setattr(
        binaries, "requirements", lambda: [binaries.Requirement("redis-server", ("redis-server",), True)]
    )
    monkeypatch.setattr(system_requirements.subprocess, "run", pytest.fail)
    assert system_requirements.main() == 0


def test_postgresql_binaries_are_found_in_debians_versioned_folder(monkeypatch, tmp_path):
    for version in ("13", "15"):
        bindir = tmp_path / version / "bin"
        bindir.mkdir(parents=True)
        for program in ("initdb", "pg_ctl"):
            (bindir / program).touch()
    monkeypatch.setattr(binaries.shutil, "which", lambda name: None)
    monkeypatch.setattr(
        binaries.glob, "glob", lambda pattern: [str(tmp_path / v / "bin") for v in ("13", "15")]
    )
    assert binaries.postgres_bindir() == tmp_path / "15" / "bin"
