import pytest

import ecsdom

PAGE = (
    "<!DOCTYPE html><html><head><title> A  page </title></head><body>"
    "<div id=main class='card big'><p id=p1>one</p><p id=p2 class=x>two</p></div>"
    "<ul><li>a</li><li class=x>b</li><li>c</li></ul></body></html>"
)


@pytest.fixture
def doc() -> ecsdom.Document:
    return ecsdom.parse(PAGE)
