from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .caching import bump_content_version

        # Any change to what readers see invalidates the cached pages at once.
        for model in self.get_models():
            post_save.connect(
                bump_content_version, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}"
            )
            post_delete.connect(
                bump_content_version, sender=model, dispatch_uid=f"page-cache-del-{model.__name__}"
            )
            for field in model._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    m2m_changed.connect(
                        bump_content_version,
                        sender=field.remote_field.through,
                        dispatch_uid=f"page-cache-m2m-{model.__name__}-{field.name}",
                    )

        # Edits saved while Redis was unreachable bumped no version: bump it when Redis is back.
        from newsroom.cache import recovered

        recovered.connect(bump_content_version, dispatch_uid="page-cache-redis-recovered")

        from .search import signals  # noqa: F401 (connects the receivers that keep the index current)
