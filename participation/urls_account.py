"""The signed-in person's own pages, under /me/ (see config/urls.py)."""

from django.urls import path

from . import views_account

urlpatterns = [
    path("proposals/", views_account.my_proposals, name="my_proposals"),
    path("supports/", views_account.my_supports, name="my_supports"),
    path("settings/", views_account.account_settings, name="account_settings"),
    path("api-tokens/", views_account.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views_account.api_token_revoke, name="api_token_revoke"),
]
