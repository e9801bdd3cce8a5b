from django.urls import path

from . import exports, views

app_name = "partners"

urlpatterns = [
    path("", views.PartnerDirectoryView.as_view(), name="directory"),
    path("export.json", exports.export_json, name="export_json"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("<slug:slug>/", views.PartnerDetailView.as_view(), name="detail"),
]
