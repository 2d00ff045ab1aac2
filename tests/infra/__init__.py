"""Throwaway servers for the test suite: a private PostgreSQL cluster and a private Redis server, each on a
free port in its own temporary folder, never touching the machine's own services."""
