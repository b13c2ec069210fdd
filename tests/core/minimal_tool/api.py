"""The API router of the minimal tool registered by `test_modules.py`."""

from ninja import Router

router = Router(tags=["minimal tool"])


@router.get("/minimal-tool", response=dict[str, str], summary="Ping the minimal tool")
def ping(request):
    return {"status": "ok"}
