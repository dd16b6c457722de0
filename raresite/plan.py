"""How the pipeline's work is carried out: the one door through which every speed-up comes.

The pipeline (pipeline.py) says what is made; a plan says how. `Plan` itself is the plain plan:
everything in this process, in order, nothing kept, every page through a full MkDocs build. It is
the reference. `raresite.speed.FastPlan` does the same work on every core, keeps it between
builds, and skips or shortens what it can; tests build with both and compare the sites byte for
byte. No stage imports the speed package: stages receive a plan, or a function from one.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import Future

from raresite import publish, search
from raresite.keeping import Item, Keeping, Result
from raresite.project import Project


class Plan:
    """The plain plan: serial, nothing kept, nothing skipped."""

    def unchanged(self, project: Project) -> bool:
        """Whether site/ is known to be what a build of the project would make now. The plain plan
        never knows, and leaves nothing behind that would claim to."""
        publish.forget_published(project.build_dir)
        return False

    def remember(self, keeping: Keeping[bytes, Result], key: bytes, make: Callable[[], Result]) -> Result:
        """make(), or what it made before under this key."""
        return make()

    def map(self, work: Callable[[Item], Result], items: Sequence[Item],
            keeping: Keeping[Item, Result] | None = None) -> list[Result]:
        """work on every item, results in the items' order."""
        return [work(item) for item in items]

    def beside(self, work: Callable[[], Result]) -> Future[Result]:
        """Start work that the build needs only once MkDocs is done (the files beside the pages)."""
        done: Future[Result] = Future()
        try:
            done.set_result(work())
        except Exception as failure:  # noqa: BLE001 - handed to whoever asks for the result
            done.set_exception(failure)
        return done

    def publish(self, project: Project, docs: publish.Docs) -> int | None:
        """Build the site from project.docs_dir with MkDocs, put the extras into it, and swap it
        in for site/ whole. Returns how many pages were re-rendered, or None for a full build."""
        building = publish.new_site_folder(project.site_dir)
        try:
            publish.run_mkdocs(project.config_file, project.docs_dir, building, docs.build_date)
            search.index_for_search(building, self.map)
            publish.extras_result(docs.extras)  # every one made, or a PublishError
            publish.place_extras(project.extras_dir, building, None)
            previous = publish.swap_in(building, project.site_dir)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
        return None

    def warnings(self) -> list[str]:
        """What the plan met that a curator should hear of (kept work it could not use)."""
        return []

    def close(self) -> None:
        """The build is over, however it ended: stop whatever the plan still has at work."""
