"""The pages of the minimal tool registered by `test_modules.py`."""

from django.http import HttpResponse
from django.urls import path

app_name = "minimal_tool"


def index(request):
    return HttpResponse("<h1>Outil minimal</h1>")


urlpatterns = [path("", index, name="index")]
