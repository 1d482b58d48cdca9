from django.urls import path

from bench.refs.app import floor
from factcheck.urls import urlpatterns as production

urlpatterns = [path("bench/floor/", floor), *production]
