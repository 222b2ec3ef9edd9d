"""The README's Neovim 0.7+ configuration, run by a real headless Neovim: the buffer of a
buggy script gets zerolint's diagnostics from ``zerolint lsp``.

CI installs Debian's Neovim (0.7) for this test; elsewhere it is skipped where ``nvim`` is
absent. The 0.10 and 0.11 snippets need a newer Neovim than Debian's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"

BUGGY = """\
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""

# Waits for the buffer's diagnostics (up to 30 s), writes them to $ZL_OUT, and quits.
PROBE = """\
local tries = 0
local function poll()
  tries = tries + 1
  local found = vim.diagnostic.get(0)
  if #found > 0 or tries > 300 then
    local out = io.open(os.getenv("ZL_OUT"), "w")
    for _, d in ipairs(found) do
      out:write(string.format("%d:%d:%s\\n", d.lnum + 1, d.col + 1, tostring(d.code)))
    end
    out:close()
    vim.cmd("qa!")
  else
    vim.defer_fn(poll, 100)
  end
end
vim.defer_fn(poll, 100)
"""


def _snippet(marker: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n *```lua\n(.*?) *```\n *<!-- /{marker} -->", text, re.S)
    assert match, f"README.md lacks the {marker} block"
    return textwrap.dedent(match.group(1))


def test_the_readme_neovim_07_config_shows_diagnostics(tmp_path: Path):
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("Neovim is not installed (CI installs Debian's neovim)")
    (tmp_path / "init.lua").write_text(_snippet("neovim-0.7"), encoding="utf-8")
    (tmp_path / "probe.lua").write_text(PROBE, encoding="utf-8")
    (tmp_path / "train.py").write_text(BUGGY, encoding="utf-8")
    env = dict(os.environ, ZL_OUT=str(tmp_path / "out.txt"), HOME=str(tmp_path))
    # The configuration starts `zerolint lsp` by name: the one of this environment.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    subprocess.run(
        [nvim, "--headless", "-u", "init.lua", "-c", "luafile probe.lua", "train.py"],
        cwd=tmp_path,
        env=env,
        timeout=60,
        capture_output=True,
        check=False,
    )
    found = (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines()
    assert "3:30:ZL101" in found, found
