import uuid

from dangvu.access.audit import audit_context


class RequestContextMiddleware:
    """Gives every request an id that groups its audit entries, and marks API calls as such."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        with audit_context(source, uuid.uuid4()) as request_id:
            request.request_id = request_id
            return self.get_response(request)
