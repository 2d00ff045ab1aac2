from django.urls import path

from . import views

urlpatterns = [
    path("open-data/", views.open_data_page, name="open_data"),
    path("open-data/catalog.jsonld", views.catalog, name="open_data_catalog"),
    path("open-data/<slug:dataset>.<slug:extension>", views.dataset_file, name="open_data_file"),
    path(
        "open-data/processes/<slug:slug>/<slug:dataset>.<slug:extension>",
        views.process_dataset_file,
        name="open_data_process_file",
    ),
]
