import os
import time

from .worker import celery


@celery.task
def purge_expired_uploads(max_age_days=30):
    folder = os.environ.get("UPLOAD_FOLDER", "/app/uploads")
    cutoff = time.time() - max_age_days * 86400
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.path.getmtime(path) < cutoff:
            os.remove(path)
