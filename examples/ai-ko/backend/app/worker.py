"""Celery app (`celery -A app.worker.celery`): broker and results in Redis."""
import os

from celery import Celery

celery = Celery("aiko", broker=os.environ["CELERY_BROKER_URL"], backend=os.environ["CELERY_RESULT_BACKEND"])
celery.conf.beat_schedule = {
    "purge-expired-uploads": {"task": "app.tasks.purge_expired_uploads", "schedule": 3600.0},
}
celery.autodiscover_tasks(["app"])
