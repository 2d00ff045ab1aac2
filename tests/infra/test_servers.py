import socket
from urllib.parse import urlsplit

import pytest
from django.db import connection


@pytest.mark.redis
def test_redis_url_points_at_a_private_redis_server_that_answers_ping(redis_url):
    address = urlsplit(redis_url)
    assert address.scheme == "redis"
    assert address.hostname == "127.0.0.1"
    assert address.port != 6379
    with socket.create_connection((address.hostname, address.port), timeout=5) as server:
        server.sendall(b"PING\r\n")
        assert server.recv(16) == b"+PONG\r\n"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_marked_tests_run_on_a_private_postgresql_cluster():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW fsync")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0].startswith("test_placette")
    # A Unix socket in the cluster's own temporary folder, never the machine's service.
    assert connection.settings_dict["HOST"].startswith("/")
    assert "placette-pg-" in connection.settings_dict["HOST"]
