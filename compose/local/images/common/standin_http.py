"""Shared by the Python stand-ins: the header that labels every answer as a stand-in's."""
from starlette.middleware.base import BaseHTTPMiddleware


def label_stand_in(app, name: str) -> None:
    """Adds `X-Stand-In: <name> (scenario local stack)` to every response of app."""

    async def add_header(request, call_next):
        response = await call_next(request)
        response.headers["X-Stand-In"] = f"{name} (scenario local stack)"
        return response

    app.add_middleware(BaseHTTPMiddleware, dispatch=add_header)
