def processings() -> list:
    return []


def my_visits(user) -> dict:
    return {"pseudonym": user.pseudonym}


PERSONAL_DATA = {"conventional_tool": my_visits}
