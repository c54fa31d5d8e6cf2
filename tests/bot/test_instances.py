"""Several instances sharing one PostgreSQL database share the work without doubling it."""

import threading

from support.postgres import fresh_schema
from support.service import make_service, rss, write_config
from watchers.model import AlertKind


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
            for group in entry.payload["groups"]
            for line in group["lines"]
        ]
        assert len(lines) == len(set(lines))
        assert sum(1 for _, _, label in lines if label == "contradicts") == 30
        printed = a.out.getvalue() + b.out.getvalue()
        assert printed.count("policywatch digest") == len(a.store.outbox("sent"))
        a.store.close()
        b.store.close()
