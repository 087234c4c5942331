from django.contrib import admin
from django.urls import include, path

from config import health
from events import views as event_views

admin.site.site_header = "Guest Gallery"
admin.site.site_title = "Guest Gallery admin"
admin.site.index_title = "Events, photos and Instagram"

urlpatterns = [
    path("", event_views.event_list, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("instagram/", include("instagram.urls")),
    path("", include("gallery.urls")),
]

handler404 = "events.views.page_not_found"
handler500 = "events.views.server_error"
