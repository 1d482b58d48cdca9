"""Background work of the partner feed, run by django-tasks.

With the database backend (the default: TASKS in settings) tasks wait in the database until
`python manage.py db_worker` runs them; start it beside the web server (a second process, no
other service). With the immediate backend they run at once, in the request that enqueued them.
Each webhook delivery is a task of its own, claimed before it is sent (webhooks.claim), so
duplicate tasks and several workers never send a delivery twice.
"""

from django_tasks import task

from factcheck.partners import webhooks


@task()
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at a webhook delivery; on failure, the next attempt is enqueued for later."""
    delivery = webhooks.attempt(delivery_id)
    if delivery.claimed and delivery.status == delivery.Status.RETRYING:
        webhooks.enqueue(delivery, at=delivery.next_attempt_at)
    return delivery.status
