"""Docker health check of the web service: GET /healthz must answer 200 "ok".

Django refuses hosts outside PLACETTE_ALLOWED_HOSTS, so the request names the first allowed host."""

import os
import sys
import urllib.request


def allowed_host() -> str:
    for host in os.environ.get("PLACETTE_ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    request = urllib.request.Request("http://127.0.0.1:8000/healthz", headers={"Host": allowed_host()})
    try:
        with urllib.request.urlopen(request, timeout=8) as response:
            body = response.read()
            return 0 if response.status == 200 and body == b"ok" else 1
    except OSError as error:
        print(f"healthz: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
