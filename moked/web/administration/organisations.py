"""Being built in this session."""

SECTION = None
urlpatterns = []
