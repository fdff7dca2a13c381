"""The member app's first screen loads at most 150 kB of compressed JavaScript: the entry chunk of the build
and every chunk it imports statically (lazy screens, loaded later, are not counted)."""

import gzip
import json

from .conftest import web_dist

BUDGET = 150_000
"""Bytes of JavaScript, gzipped at level 9, before the first screen can show."""


def first_screen_chunks(manifest: dict) -> list[str]:
    """Manifest keys of the entry chunk and its static imports, recursively (never dynamicImports)."""
    [entry] = [key for key, chunk in manifest.items() if chunk.get("isEntry")]
    seen, todo = [], [entry]
    while todo:
        key = todo.pop()
        if key not in seen:
            seen.append(key)
            todo.extend(manifest[key].get("imports", []))
    return seen


def test_the_first_screen_javascript_fits_the_budget():
    dist = web_dist()
    manifest = json.loads((dist / ".vite" / "manifest.json").read_text())
    sizes = {
        manifest[key]["file"]: len(gzip.compress((dist / manifest[key]["file"]).read_bytes(), compresslevel=9))
        for key in first_screen_chunks(manifest)
    }
    total = sum(sizes.values())
    print(f"first screen JavaScript: {total} bytes gzipped (budget {BUDGET}): {sizes}")
    assert total <= BUDGET, f"{total} bytes of gzipped JavaScript on the first screen, over {BUDGET}: {sizes}"


def test_the_chunks_counted_are_the_entry_and_its_static_imports_only():
    manifest = {
        "index.html": {"file": "assets/index.js", "isEntry": True, "imports": ["_react.js"], "dynamicImports": ["s"]},
        "_react.js": {"file": "assets/react.js", "imports": ["_shared.js"]},
        "_shared.js": {"file": "assets/shared.js", "imports": ["_react.js"]},
        "s": {"file": "assets/staff.js", "isDynamicEntry": True, "imports": ["_shared.js"]},
    }
    assert sorted(first_screen_chunks(manifest)) == ["_react.js", "_shared.js", "index.html"]
