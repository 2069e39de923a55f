"""gunicorn settings, read from the environment (README: "Deploying")."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
wsgi_app = "newsroom.wsgi:application"
# The longest request line gunicorn accepts (its default is 4094): a search box's 1,000 characters
# (MAX_QUERY_LENGTH) URL-encode to up to 9 bytes each when not ASCII, and a longer line gets
# gunicorn's bare "414 URI Too Long" instead of the search page's own 400. nginx's default is 8 KB too.
limit_request_line = 8190
