from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import exports, feeds, views

app_name = "initiatives"

urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="list"),
    path("feed.atom", feeds.LatestInitiativesFeed(), name="feed"),
    path("export.json", exports.export_json, name="export_json"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path(_("compare/"), views.InitiativeCompareView.as_view(), name="compare"),
    path("<slug:slug>/", views.InitiativeDetailView.as_view(), name="detail"),
]
