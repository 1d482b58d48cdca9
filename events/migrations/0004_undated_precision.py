from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_timeline_permission_for_editors"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="end_precision",
            field=models.CharField(
                choices=[
                    ("minute", "Exact minute"),
                    ("about", "About a time (“about 23:00”)"),
                    ("morning", "Morning"),
                    ("daytime", "Daytime"),
                    ("evening", "Evening"),
                    ("late_evening", "Late evening"),
                    ("night", "Night (from this date to the next)"),
                    ("day", "Whole day"),
                    ("month", "Month"),
                    ("undated", "Date not established (the time only orders the timeline)"),
                ],
                default="day",
                max_length=20,
                verbose_name="precision of the end",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="start_precision",
            field=models.CharField(
                choices=[
                    ("minute", "Exact minute"),
                    ("about", "About a time (“about 23:00”)"),
                    ("morning", "Morning"),
                    ("daytime", "Daytime"),
                    ("evening", "Evening"),
                    ("late_evening", "Late evening"),
                    ("night", "Night (from this date to the next)"),
                    ("day", "Whole day"),
                    ("month", "Month"),
                    ("undated", "Date not established (the time only orders the timeline)"),
                ],
                default="day",
                max_length=20,
                verbose_name="precision of the start",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="end_precision",
            field=models.CharField(
                choices=[
                    ("minute", "Exact minute"),
                    ("about", "About a time (“about 23:00”)"),
                    ("morning", "Morning"),
                    ("daytime", "Daytime"),
                    ("evening", "Evening"),
                    ("late_evening", "Late evening"),
                    ("night", "Night (from this date to the next)"),
                    ("day", "Whole day"),
                    ("month", "Month"),
                    ("undated", "Date not established (the time only orders the timeline)"),
                ],
                default="day",
                max_length=20,
                verbose_name="precision of the end",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="start_precision",
            field=models.CharField(
                choices=[
                    ("minute", "Exact minute"),
                    ("about", "About a time (“about 23:00”)"),
                    ("morning", "Morning"),
                    ("daytime", "Daytime"),
                    ("evening", "Evening"),
                    ("late_evening", "Late evening"),
                    ("night", "Night (from this date to the next)"),
                    ("day", "Whole day"),
                    ("month", "Month"),
                    ("undated", "Date not established (the time only orders the timeline)"),
                ],
                default="day",
                max_length=20,
                verbose_name="precision of the start",
            ),
        ),
    ]
