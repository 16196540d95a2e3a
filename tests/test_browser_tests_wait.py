"""The browser tests wait for the page they check.

Playwright's click() and press() no longer wait for the page they start to load, and
its is_visible(), count(), inner_text() or page.url answer at once. A check like that
right after a click reads whichever page is there at that moment: CI once failed on
"assert page.get_by_role('alert').first.is_visible()" after a sign-in click. This test
reads every browser test and fails on each such check that nothing waited for; the
cure is a retrying expect(...) or a wait_for_url(...) first.
"""

import ast
from pathlib import Path

import pytest

BROWSER_TESTS = sorted((Path(__file__).parent / "e2e").glob("test_*.py"))

# What may start a navigation or a change the page makes afterwards.
ACTIONS = {"click", "dblclick", "tap", "press", "check", "uncheck", "set_checked",
           "select_option", "go_back", "go_forward", "reload"}
# What waits until the page is in the state a check expects.
WAITS = {"expect", "goto", "wait_for", "wait_for_url", "wait_for_load_state",
         "wait_for_selector", "wait_for_function"}
# What reads the page once, without retrying.
READS = {"is_visible", "is_hidden", "is_checked", "is_enabled", "is_disabled", "is_editable",
         "count", "inner_text", "inner_html", "text_content", "get_attribute", "input_value",
         "all_inner_texts", "all_text_contents"}


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _reads_the_page(node: ast.AST) -> bool:
    return bool(_called_names(node) & READS) or any(
        isinstance(sub, ast.Attribute) and sub.attr == "url" for sub in ast.walk(node))


def _statements_in_order(body):
    for statement in body:
        yield statement
        for block in ("body", "orelse", "finalbody", "handlers"):
            yield from _statements_in_order(getattr(statement, block, []))


def unwaited_checks(source: str) -> list[int]:
    """Lines that read the page after an action, with no wait between."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef):
            continue
        acted = False
        for statement in _statements_in_order(function.body):
            if isinstance(statement, ast.With | ast.For | ast.Try | ast.If):
                continue  # their inner statements come next, one by one
            names = _called_names(statement)
            if acted and not names & WAITS and _reads_the_page(statement):
                found.append(statement.lineno)
            if names & WAITS:
                acted = False
            elif names & ACTIONS:
                acted = True
    return found


@pytest.mark.parametrize("path", BROWSER_TESTS, ids=lambda path: path.name)
def test_no_browser_check_reads_a_page_before_it_has_loaded(path):
    assert unwaited_checks(path.read_text()) == []


def test_the_rule_finds_the_check_that_once_failed_in_ci():
    racy = (
        "def test(page):\n"
        "    page.get_by_role('button', name='Sign in').click()\n"
        "    assert page.get_by_role('alert').first.is_visible()\n"
        "    assert '/admin/' in page.url\n"
    )
    waited = racy.replace("click()\n", "click()\n    page.wait_for_url('**/admin/login/')\n")
    assert unwaited_checks(racy) == [3, 4]
    assert unwaited_checks(waited) == []
