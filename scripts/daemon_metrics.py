"""What the benchmark scripts read of a running `kafka-lab run`: its /metrics text,
series of one topic, histogram buckets and their p99, and a free local port for it.
"""
import re
import socket
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(listen, timeout=10):
    return urllib.request.urlopen(f"http://{listen}/metrics", timeout=timeout).read().decode()


def series(text, name, topic):
    """(labels, value) of every sample of `name` for `topic`."""
    pattern = re.compile(rf'^{name}{{([^}}]*)}} (\S+)$')
    for line in text.splitlines():
        m = pattern.match(line)
        if m and f'topic="{topic}"' in m.group(1):
            yield m.group(1), float(m.group(2))


def per_partition(text, name, topic):
    """{partition: value} of `name` for `topic`."""
    return {int(re.search(r'partition="(\d+)"', labels).group(1)): value
            for labels, value in series(text, name, topic)}


def total(text, name, topic):
    return sum(v for _, v in series(text, name, topic))


def buckets(text, name, topic):
    """Cumulative (upper bound, count) pairs of histogram `name` for `topic`."""
    found = []
    for labels, value in series(text, f"{name}_bucket", topic):
        le = re.search(r'le="([^"]+)"', labels).group(1)
        found.append((float(le), value))
    return sorted(found)


def p99_bound(now, before):
    """The upper bound of the bucket that holds the p99 of the observations between
    two scrapes ("p99 <= bound"), or None when there were none."""
    earlier = dict(before)
    diff = [(le, count - earlier.get(le, 0.0)) for le, count in now]
    if not diff or diff[-1][1] <= 0:
        return None
    return next(le for le, count in diff if count >= 0.99 * diff[-1][1])


def p99(now, before):
    """p99 of the observations between two scrapes, as histogram_quantile computes it."""
    earlier = dict(before)
    diff = [(le, count - earlier.get(le, 0.0)) for le, count in now]
    if not diff or diff[-1][1] <= 0:
        return None
    rank = 0.99 * diff[-1][1]
    lo, below = 0.0, 0.0
    for le, count in diff:
        if count >= rank:
            if le == float("inf"):
                return lo
            return lo + (le - lo) * (rank - below) / max(count - below, 1e-12)
        lo, below = le, count
    return None
