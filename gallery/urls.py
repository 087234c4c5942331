from django.urls import path

from gallery import views

app_name = "gallery"

urlpatterns = [
    path("g/<str:public_id>/", views.event_detail, name="event"),
]
