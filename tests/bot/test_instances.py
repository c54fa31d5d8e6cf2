"""Several instances sharing one PostgreSQL database share the work without doubling it."""

import threading
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot.commands.base import Caller
from bot.commands.editor import revision_mark
from bot.commands.router import CommandRouter
from bot.scheduler import install_jobs
from support.postgres import fresh_schema
from support.service import Harness, make_service, rss, write_config
from watchers.model import AlertKind

ADMIN = Caller(platform="slack", user_id="U0ADMIN", is_admin=True)


def feed(n):
    return rss(
        *[
            (
                f"g{n}-{i}",
                f"网信办 notice {n}-{i}",
                "The Data Security Law took effect on June 1, 2021.",
            )
            for i in range(5)
        ]
    )


def test_two_instances_poll_each_feed_once_and_send_each_digest_once(tmp_path, feed_server):
    feeds = {f"f{n}": feed_server.serve(f"/f{n}.xml", feed(n)) for n in range(6)}
    config = write_config(tmp_path / "c", feeds)
    with fresh_schema() as url:
        a = make_service(config, url, owner="a")
        b = make_service(config, url, owner="b")
        barrier = threading.Barrier(2)

        def round_(h):
            barrier.wait()
            h.service.run_once()

        threads = [threading.Thread(target=round_, args=(h,)) for h in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert a.store.item_count() == 30
        for n in range(6):
            assert len(feed_server.requests_for(f"/f{n}.xml")) == 1
        verdicts = [x for x in a.store.alerts_after(0) if x.alert.kind is AlertKind.VERDICT]
        assert len(verdicts) == 30
        # Each instance may send a digest of what it saw; no line is in two of them.
        lines = [
            (line["title"], line["claim_id"], line["label"])
            for entry in a.store.outbox()
            for line in entry.payload["lines"]
        ]
        assert len(lines) == len(set(lines))
        assert sum(1 for _, _, label in lines if label == "contradicts") == 30
        printed = a.out.getvalue() + b.out.getvalue()
        assert printed.count("policywatch digest") == len(a.store.outbox("sent"))
        a.store.close()
        b.store.close()


@dataclass
class Instance:
    """A service with its command router and its jobs, in a scheduler that is not started:
    the test runs a job by calling it, as the scheduler would."""

    harness: Harness
    router: CommandRouter
    scheduler: BackgroundScheduler

    @property
    def service(self):
        return self.harness.service

    def run_job(self, job_id):
        job = self.scheduler.get_job(job_id)
        assert job is not None, f"no job {job_id!r}"
        job.func(*job.args)


def instance(config, url, owner):
    h = make_service(config, url, owner=owner)
    router = CommandRouter(h.service)
    scheduler = BackgroundScheduler(timezone="UTC")
    install_jobs(scheduler, h.service, router.editor)
    h.service.on_config_change.append(lambda: install_jobs(scheduler, h.service, router.editor))
    return Instance(h, router, scheduler)


def verdicts(store):
    return [x for x in store.alerts_after(0) if x.alert.kind is AlertKind.VERDICT]


def test_a_feed_added_on_one_instance_is_polled_by_the_other(tmp_path, feed_server):
    config = write_config(tmp_path / "c", {"f0": feed_server.serve("/f0.xml", feed(0))})
    news = feed_server.serve("/news.xml", feed(1))
    with fresh_schema() as url:
        a, b = instance(config, url, "a"), instance(config, url, "b")
        reply = a.router.dispatch(f"feed add {news} as news", ADMIN)
        assert reply.ok, reply.text
        assert "news" in a.service.watch.feeds and "news" not in b.service.watch.feeds
        # A knows the stored edit as its own: its checks will not replay it.
        assert a.router.editor.seen == revision_mark(a.harness.store)
        b.run_job("config-reload")
        assert "news" in b.service.watch.feeds
        assert {r.feed_id for r in b.service.poll_due()} == {"f0", "news"}
        assert len(feed_server.requests_for("/news.xml")) == 1
        assert b.harness.store.item_count() == 10
        # Nothing new since: neither B nor A, whose edit it was, builds its watch again.
        for h in (a, b):
            watch = h.service.watch
            h.run_job("config-reload")
            assert h.service.watch is watch
        a.harness.store.close()
        b.harness.store.close()


def test_a_claim_retired_on_one_instance_stops_labelling_on_the_other(tmp_path, feed_server):
    # f1 has nothing to say until the claim is retired.
    feeds = {"f0": feed_server.serve("/f0.xml", feed(0)), "f1": feed_server.serve("/f1.xml", rss())}
    config = write_config(tmp_path / "c", feeds)
    with fresh_schema() as url:
        a, b = instance(config, url, "a"), instance(config, url, "b")
        b.service.poll_due()
        assert len(verdicts(b.harness.store)) == 5
        assert a.router.dispatch("claim retire dsl_effective", ADMIN).ok
        b.run_job("config-reload")
        assert b.service.watch.claims["dsl_effective"].retired
        feed_server.serve("/f1.xml", feed(1))
        b.harness.advance(timedelta(minutes=5))
        b.service.poll_due()
        assert b.harness.store.item_count() == 10
        assert len(verdicts(b.harness.store)) == 5
        a.harness.store.close()
        b.harness.store.close()


def test_an_edit_starts_from_what_other_instances_made_of_the_config(tmp_path, feed_server):
    config = write_config(tmp_path / "c", {})
    with fresh_schema() as url:
        a, b = instance(config, url, "a"), instance(config, url, "b")
        assert a.router.dispatch("feed add https://one.example/rss as news", ADMIN).ok
        # B has not run its check yet; the edit catches up first and sees A's feed.
        reply = b.router.dispatch("feed add https://two.example/rss as news", ADMIN)
        assert not reply.ok and "exists already" in reply.text
        assert [f.url for f in b.service.watch.config.feeds] == ["https://one.example/rss"]
        a.harness.store.close()
        b.harness.store.close()
