"""The signed-in person's own pages, under /me/ (see config/urls.py)."""

from django.urls import path

from . import views_account, views_notifications

urlpatterns = [
    path("proposals/", views_account.my_proposals, name="my_proposals"),
    path("supports/", views_account.my_supports, name="my_supports"),
    path("settings/", views_account.account_settings, name="account_settings"),
    path("api-tokens/", views_account.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views_account.api_token_revoke, name="api_token_revoke"),
    path("notifications/", views_notifications.notification_list, name="notification_list"),
    path("notifications/read/", views_notifications.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/read/", views_notifications.notification_read, name="notification_read"),
    path("notifications/settings/", views_notifications.notification_settings, name="notification_settings"),
]
