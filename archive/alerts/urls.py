"""The alert pages' URLs, included in the archive's namespace (archive:alerts_…). Their names must never
contain "search": archive.security throttles every view whose name does, as a search."""
from django.urls import path

from archive.alerts import views

urlpatterns = [
    path("dang-ky/", views.subscribe, name="alerts_subscribe"),
    path("xac-nhan/<str:token>/", views.confirm, name="alerts_confirm"),
    path("huy/<str:token>/", views.unsubscribe, name="alerts_unsubscribe"),
    path("cua-toi/<str:token>/", views.manage, name="alerts_manage"),
]
