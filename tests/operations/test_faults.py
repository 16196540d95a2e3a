"""The site keeps answering when Redis is down."""

import logging

import pytest

DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
        },
    }
}


@pytest.fixture
def redis_down(settings):
    # Changing CACHES through the settings fixture makes Django rebuild the cache handlers.
    settings.CACHES = DEAD_REDIS
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True


@pytest.mark.django_db
def test_pages_are_served_from_the_database_when_redis_is_down(client, redis_down):
    for url in ["/", "/trials/", "/robots.txt"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_health_check_reports_the_cache_as_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "cache": False}


@pytest.mark.django_db
def test_a_redis_outage_is_logged_once_not_per_request(client, redis_down):
    logger = logging.getLogger("django_redis.cache")
    for once_filter in logger.filters:  # as in a freshly started process
        once_filter.last_emitted.clear()
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        for _ in range(5):
            assert client.get("/healthz").status_code == 503
    finally:
        logger.removeHandler(handler)
    assert len(records) == 1


@pytest.mark.django_db
def test_feedback_can_still_be_sent_when_redis_is_down(client, redis_down):
    from feedback.models import Feedback

    response = client.post("/feedback/", {"page": "/", "is_helpful": "yes"})
    assert response.status_code == 200
    assert Feedback.objects.count() == 1
