from django.urls import path

from instagram import views

app_name = "instagram"

urlpatterns = [
    path("connect/", views.connect, name="connect"),
    path("callback/", views.callback, name="callback"),
]
