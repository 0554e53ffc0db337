from django.urls import path

from tests.testapp import views

urlpatterns = [
    path("probe/bare/", views.BareView.as_view(), name="probe_bare"),
    path("probe/authenticated/", views.AuthenticatedView.as_view(), name="probe_authenticated"),
    path("probe/staff/", views.StaffOnlyView.as_view(), name="probe_staff"),
    path("probe/user-row/", views.UserRowProbeView.as_view(), name="probe_user_row"),
    path("probe/superuser/", views.SuperUserOnlyView.as_view(), name="probe_superuser"),
    path("probe/plain-role/", views.PlainRoleOnlyView.as_view(), name="probe_plain_role"),
]
