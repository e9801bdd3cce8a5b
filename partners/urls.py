from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.PartnerDirectoryView.as_view(), name="directory"),
    path("<slug:slug>/", views.PartnerDetailView.as_view(), name="detail"),
]
