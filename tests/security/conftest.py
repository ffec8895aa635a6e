from tests.web.conftest import browser, sign_in  # noqa: F401 (the browser tests' fixtures)
