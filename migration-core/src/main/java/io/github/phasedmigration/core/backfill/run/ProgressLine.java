package io.github.phasedmigration.core.backfill.run;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Writes progress for people: {@code 120,000 of 200,000 rows (60.0%), 8,431 rows/s, ETA 9 s}.
 */
final class ProgressLine {

	private ProgressLine() {
	}

	/** The progress line of a backfill, as logged every {@code logInterval}. */
	static String of(String migration, Progress.Snapshot progress, @Nullable String lastKey) {
		return "Backfill of '" + migration + "': " + rows(progress) + ", last key " + key(lastKey);
	}

	/** Rows done (of the total, when known), the rate and, when known, the ETA. */
	static String rows(Progress.Snapshot progress) {
		StringBuilder text = new StringBuilder(count(progress.rowsDone()));
		if (progress.rowsTotal() >= 0) {
			double percent = (progress.rowsTotal() > 0) ? 100.0 * progress.rowsDone() / progress.rowsTotal() : 100.0;
			text.append(" of ").append(count(progress.rowsTotal())).append(" rows (")
				.append(String.format(Locale.ROOT, "%.1f", percent)).append("%)");
		}
		else {
			text.append(" rows");
		}
		text.append(", ").append(String.format(Locale.ROOT, "%,.0f", progress.rowsPerSecond())).append(" rows/s");
		Duration eta = progress.eta();
		if (eta != null) {
			text.append(", ETA ").append(duration(eta));
		}
		return text.toString();
	}

	static String count(long rows) {
		return String.format(Locale.ROOT, "%,d", rows);
	}

	static String key(@Nullable String key) {
		return (key != null) ? key : "none";
	}

	/** {@code 9 s}, {@code 3 min 20 s}, {@code 2 h 5 min}: whole seconds, rounded up. */
	static String duration(Duration duration) {
		long seconds = (duration.toMillis() + 999) / 1000;
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min " + (seconds % 60) + " s";
		}
		return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
	}

}
