"""Secondary stage: installs the import hook for the modules the host embeds,
opens the debug port (waiting for a debugger when asked), then runs the main
module. The host sends each embedded module's source over standard input as
one JSON line: {"name": ..., "source": ...}."""
import importlib.abc
import importlib.util
import json
import os
import runpy
import sys


class EmbeddedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, sources):
        self.sources = sources

    def find_spec(self, name, path=None, target=None):
        if name in self.sources:
            return importlib.util.spec_from_loader(name, self)
        return None

    def exec_module(self, module):
        exec(compile(self.sources[module.__name__], f"<embedded {module.__name__}>", "exec"), module.__dict__)


def read_embedded(stream):
    sources = {}
    for line in stream:
        if not line.strip():
            break
        entry = json.loads(line)
        sources[entry["name"]] = entry["source"]
    return sources


def main():
    sys.meta_path.insert(0, EmbeddedModules(read_embedded(sys.stdin)))
    import debugpy  # installed from conf/requirements.txt

    debugpy.listen(("127.0.0.1", 5679))
    debugpy.wait_for_client()  # break-on-start
    runpy.run_module(os.environ["APP_MAIN_MODULE"], run_name="__main__")


if __name__ == "__main__":
    main()
