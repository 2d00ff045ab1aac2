from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path

from config.health import healthz
from participation.api.errors import api_not_found

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("participation.api.urls")),
    path("api/v1/", include("budgets.api.urls")),
    re_path(r"^api/", api_not_found),
    path("me/", include("participation.urls_account")),
    path("staff/", include("participation.urls_staff")),
    path("staff/", include("budgets.urls_staff")),
    path("", include("participation.urls_pages")),
    path("", include("participation.opendata.urls")),
    path("", include("participation.urls_reports")),
    path("", include("budgets.urls_reports")),
    path("", include("budgets.urls_funded")),
    path("", include("budgets.urls")),
    path("", include("participation.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
