from django.http import HttpResponse
from django.urls import path

app_name = "conventional_tool"


def index(request):
    return HttpResponse("<h1>Outil par convention</h1>")


urlpatterns = [path("", index, name="index")]
