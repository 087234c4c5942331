from django.conf import settings
from django.urls import path, re_path

from gallery import media_views, upload_views, views

app_name = "gallery"

urlpatterns = [
    path("g/<str:public_id>/", views.event_detail, name="event"),
    path("g/<str:public_id>/feed.json", views.feed, name="feed"),
    path("g/<str:public_id>/slideshow/", views.slideshow, name="slideshow"),
    path("g/<str:public_id>/download.zip", views.download_zip, name="download"),
    path("g/<str:public_id>/upload/", upload_views.upload, name="upload"),
    re_path(
        r"^" + settings.MEDIA_URL.lstrip("/") + r"(?P<path>.+)$",
        media_views.media_serve,
        name="media",
    ),
]
