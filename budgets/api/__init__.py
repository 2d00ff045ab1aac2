"""The budgets part of the REST API (mounted at /api/v1/ by config/urls.py). See participation.api."""
