package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import ch.qos.logback.classic.Level;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.testing.LogCapture;

import static io.github.phasedmigration.core.engine.EngineFixture.awaitComparisons;
import static io.github.phasedmigration.core.engine.EngineFixture.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the two outcomes of a call are compared, and what is recorded or raised on a discrepancy. */
class ComparisonTest {

	private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

	private EngineFixture fixture = fixture(DiscrepancySettings.DEFAULTS);

	/** A public record, so that the comparator can read its components from another package. */
	public record Item(String name, int price) {
	}

	private static EngineFixture fixture(DiscrepancySettings discrepancySettings) {
		return new EngineFixture(discrepancySettings, EngineFixture.EXECUTOR_SETTINGS,
				ContextSnapshotFactory.builder().build(), ModeResolver.EFFECTIVE_MODE, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private void use(DiscrepancySettings discrepancySettings) {
		this.fixture.close();
		this.fixture = fixture(discrepancySettings);
	}

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private static MigrationSettings settings(boolean exceptionMessagesMatter, boolean raiseOnDiscrepancy) {
		return new MigrationSettings(EngineFixture.TIMEOUT, true, exceptionMessagesMatter, false, raiseOnDiscrepancy,
				new DeepEqualsComparator());
	}

	/** Runs one SHADOW read and waits for its comparison. */
	private Migration compare(MigrationSettings settings, Invoker old, Invoker neu) {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings);
		long before = totalComparisons(migration);
		try {
			this.fixture.read(migration, old, neu, 1);
		}
		catch (Throwable ex) {
			// old's exception: the comparison is what matters here
		}
		awaitComparisons(migration, before + 1);
		return migration;
	}

	// ---- exceptions

	@Test
	void exceptionsOfTheSameTypeMatchWhateverTheirMessages() {
		Migration migration = compare(settings(false, false),
				Recorder.throwing(new IllegalStateException("no row")),
				Recorder.throwing(new IllegalStateException("no such customer")));

		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
		assertThat(migration.recentDiscrepancies()).isEmpty();
	}

	@Test
	void exceptionsOfDifferentTypesAreAnExceptionMismatch() {
		Migration migration = compare(settings(false, false), Recorder.throwing(new IllegalStateException("a")),
				Recorder.throwing(new IllegalArgumentException("b")));

		assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isEqualTo(1);
		assertThat(migration.counters().mismatches(MismatchCategory.EXCEPTION)).isEqualTo(1);
		assertThat(this.fixture.listener.discrepancies).containsExactly(MismatchCategory.EXCEPTION);
		assertThat(migration.recentDiscrepancies()).singleElement().satisfies((discrepancy) -> {
			assertThat(discrepancy.category()).isEqualTo(MismatchCategory.EXCEPTION);
			assertThat(discrepancy.oldResult()).isEqualTo("threw java.lang.IllegalStateException: a");
			assertThat(discrepancy.newResult()).isEqualTo("threw java.lang.IllegalArgumentException: b");
			assertThat(discrepancy.differences()).containsExactly(
					"exception: java.lang.IllegalStateException(a) != java.lang.IllegalArgumentException(b)");
		});
	}

	@Test
	void oldThrowingWhileNewReturnsIsAnOldErrorMismatch() {
		Migration migration = compare(settings(false, false), Recorder.throwing(new IllegalStateException("boom")),
				Recorder.returning("x"));

		assertThat(migration.counters().mismatches(MismatchCategory.OLD_ERROR)).isEqualTo(1);
		assertThat(migration.recentDiscrepancies()).singleElement().satisfies((discrepancy) -> {
			assertThat(discrepancy.category()).isEqualTo(MismatchCategory.OLD_ERROR);
			assertThat(discrepancy.oldResult()).isEqualTo("threw java.lang.IllegalStateException: boom");
			assertThat(discrepancy.newResult()).isEqualTo("x");
			assertThat(discrepancy.differences())
				.containsExactly("old threw java.lang.IllegalStateException(boom), new returned");
		});
	}

	@Test
	void newThrowingWhileOldReturnsIsANewErrorMismatch() {
		Migration migration = compare(settings(false, false), Recorder.returning("x"),
				Recorder.throwing(new UnsupportedOperationException()));

		assertThat(migration.counters().mismatches(MismatchCategory.NEW_ERROR)).isEqualTo(1);
		assertThat(migration.recentDiscrepancies()).singleElement().satisfies((discrepancy) -> {
			assertThat(discrepancy.oldResult()).isEqualTo("x");
			assertThat(discrepancy.newResult()).isEqualTo("threw java.lang.UnsupportedOperationException");
			assertThat(discrepancy.differences())
				.containsExactly("new threw java.lang.UnsupportedOperationException, old returned");
		});
	}

	@Test
	void whenExceptionMessagesMatterTheSameTypeWithAnotherMessageIsAMismatch() {
		MigrationSettings settings = settings(true, false);
		Migration migration = compare(settings, Recorder.throwing(new IllegalStateException("no row")),
				Recorder.throwing(new IllegalStateException("no such customer")));

		assertThat(migration.counters().mismatches(MismatchCategory.EXCEPTION)).isEqualTo(1);
		assertThat(migration.recentDiscrepancies().get(0).differences()).containsExactly(
				"exception: java.lang.IllegalStateException(no row) != java.lang.IllegalStateException(no such customer)");

		compare(settings, Recorder.throwing(new IllegalStateException("same")),
				Recorder.throwing(new IllegalStateException("same")));
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
	}

	// ---- values

	@Test
	void equalValuesMatchAndBothNullMatch() {
		MigrationSettings settings = settings(false, false);
		Migration migration = compare(settings, Recorder.returning(List.of(1, 2)), Recorder.returning(List.of(1, 2)));
		compare(settings, () -> null, () -> null);

		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(2);
		assertThat(migration.recentDiscrepancies()).isEmpty();
	}

	@Test
	void aValueMismatchIsRecordedWithArgumentsBothResultsAndDifferences() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings(false, false));

		this.fixture.read(migration, Recorder.returning(List.of(new Item("a", 1), new Item("b", 2))),
				Recorder.returning(List.of(new Item("a", 1), new Item("b", 3))), 42, "abc");

		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(1);
		assertThat(migration.recentDiscrepancies()).singleElement().satisfies((discrepancy) -> {
			assertThat(discrepancy.time()).isEqualTo(NOW);
			assertThat(discrepancy.migration()).isEqualTo(EngineFixture.NAME);
			assertThat(discrepancy.method()).isEqualTo(EngineFixture.METHOD);
			assertThat(discrepancy.category()).isEqualTo(MismatchCategory.VALUE);
			assertThat(discrepancy.arguments()).isEqualTo("[42, abc]");
			assertThat(discrepancy.oldResult()).isEqualTo("[Item[name=a, price=1], Item[name=b, price=2]]");
			assertThat(discrepancy.newResult()).isEqualTo("[Item[name=a, price=1], Item[name=b, price=3]]");
			assertThat(discrepancy.differences()).containsExactly("[1].price: 2 != 3");
		});
	}

	@Test
	void renderingsAreTruncatedToTheMaximumLength() throws Throwable {
		use(new DiscrepancySettings(50, 1.0, 16, 10, Duration.ofMinutes(1)));
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings(false, false));

		this.fixture.read(migration, Recorder.returning("a".repeat(40)), Recorder.returning("b".repeat(40)),
				"c".repeat(30));

		awaitComparisons(migration, 1);
		Discrepancy discrepancy = migration.recentDiscrepancies().get(0);
		assertThat(discrepancy.oldResult()).isEqualTo("a".repeat(16) + "...(24 more chars)");
		assertThat(discrepancy.newResult()).isEqualTo("b".repeat(16) + "...(24 more chars)");
		assertThat(discrepancy.arguments()).isEqualTo("[" + "c".repeat(15) + "...(16 more chars)");
		assertThat(discrepancy.differences()).singleElement()
			.isEqualTo("a".repeat(16) + "...(" + (40 + 4 + 40 - 16) + " more chars)");
	}

	@Test
	void theRingKeepsOnlyTheMostRecentDiscrepanciesButAllAreCounted() throws Throwable {
		use(new DiscrepancySettings(3, 1.0, 2000, 10, Duration.ofMinutes(1)));
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings(false, false));

		for (int i = 0; i < 5; i++) {
			this.fixture.read(migration, Recorder.returning("old"), Recorder.returning("new"), i);
			awaitComparisons(migration, i + 1);
		}

		assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(5);
		assertThat(migration.recentDiscrepancies()).extracting(Discrepancy::arguments)
			.as("newest first")
			.containsExactly("[4]", "[3]", "[2]");
	}

	@Test
	void aSampleRateOfZeroKeepsNoDiscrepancyButCountsThemAll() throws Throwable {
		use(new DiscrepancySettings(50, 0.0, 2000, 10, Duration.ofMinutes(1)));
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings(false, false));

		for (int i = 0; i < 3; i++) {
			this.fixture.read(migration, Recorder.returning("old"), Recorder.returning("new"), i);
		}

		awaitComparisons(migration, 3);
		assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isEqualTo(3);
		assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(3);
		assertThat(this.fixture.listener.discrepancies).hasSize(3);
		assertThat(migration.recentDiscrepancies()).isEmpty();
	}

	@Test
	void discrepancyLogLinesAreRateLimitedPerMigration() throws Throwable {
		use(new DiscrepancySettings(50, 1.0, 2000, 2, Duration.ofHours(1)));
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings(false, false));

		try (LogCapture log = new LogCapture(MigrationEngine.DISCREPANCY_LOGGER_NAME)) {
			for (int i = 0; i < 5; i++) {
				this.fixture.read(migration, Recorder.returning("old"), Recorder.returning("new"), i);
			}
			awaitComparisons(migration, 5);

			assertThat(log.messages(Level.WARN)).hasSize(2)
				.allSatisfy((line) -> assertThat(line).contains("'m'", "value", "old old", "new new"));
		}
		assertThat(migration.recentDiscrepancies()).as("kept even when not logged").hasSize(5);
	}

	// ---- comparators

	@Test
	void aCallsOwnComparatorWinsOverTheMigrations() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings(false, false));
		ResultComparator ignoringCase = (old, neu) -> String.valueOf(old).equalsIgnoreCase(String.valueOf(neu))
				? List.of() : List.of("differ");

		this.fixture.engine.execute(migration, new MigrationCall(EngineFixture.METHOD, new Object[] { 1 },
				MigrationKind.READ, false, () -> "ABC", () -> "abc", ignoringCase));
		awaitComparisons(migration, 1);
		this.fixture.read(migration, () -> "ABC", () -> "abc", 2);
		awaitComparisons(migration, 2);

		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).as("the call's comparator").isEqualTo(1);
		assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).as("the migration's").isEqualTo(1);
	}

	/** Private and in another package than the comparator: its accessors need opening. */
	private record Hidden(int value) {
	}

	@Test
	void aPrivateRecordIsStillComparedComponentByComponent() {
		DeepEqualsComparator comparator = new DeepEqualsComparator();

		assertThat(comparator.differences(List.of(new Hidden(1)), List.of(new Hidden(2))))
			.containsExactly("[0].value: 1 != 2");
		assertThat(comparator.differences(new Hidden(1), new Hidden(1))).isEmpty();
	}

	// ---- off the caller's thread

	@Test
	void theComparatorNeverRunsOnTheCallersThread() throws Throwable {
		List<String> comparatorThreads = new CopyOnWriteArrayList<>();
		ResultComparator comparator = (old, neu) -> {
			comparatorThreads.add(Thread.currentThread().getName());
			return List.of();
		};
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, EngineFixture.settings(comparator));
		CountDownLatch newDone = new CountDownLatch(1);

		// new (most likely) finishes first: the caller's side arrives second and hands the comparison to the pool
		this.fixture.read(migration, Recorder.blocking(newDone, "v"), Recorder.of(() -> {
			newDone.countDown();
			return "v";
		}), 1);
		// new finishes last: its thread compares
		CountDownLatch callerDone = new CountDownLatch(1);
		this.fixture.read(migration, Recorder.returning("v"), Recorder.blocking(callerDone, "v"), 2);
		callerDone.countDown();
		awaitComparisons(migration, 2);
		for (int i = 3; i < 20; i++) {
			this.fixture.read(migration, Recorder.returning("v"), Recorder.returning("v"), i);
			awaitComparisons(migration, i); // one at a time: the small test pool must not reject
		}

		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(19);
		assertThat(comparatorThreads).hasSize(19).noneMatch(Thread.currentThread().getName()::equals);
	}

	// ---- raising (for tests)

	@Test
	void raiseOnDiscrepancyThrowsTheDiscrepancyToTheCaller() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings(false, true));

		assertThatThrownBy(
				() -> this.fixture.read(migration, Recorder.returning("old"), Recorder.returning("new"), 7))
			.isInstanceOfSatisfying(MigrationDiscrepancyException.class, (ex) -> {
				assertThat(ex.getDiscrepancy().category()).isEqualTo(MismatchCategory.VALUE);
				assertThat(ex.getDiscrepancy().arguments()).isEqualTo("[7]");
				assertThat(ex).hasMessageContaining("'m'").hasMessageContaining("old old").hasMessageContaining("new new");
			});
		assertThat(this.fixture.read(migration, Recorder.returning("same"), Recorder.returning("same"), 8))
			.as("a match returns normally")
			.isEqualTo("same");
	}

	@Test
	void raiseOnDiscrepancyRaisesWhenNewFailsInShadow() {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings(false, true));

		assertThatThrownBy(() -> this.fixture.read(migration, Recorder.returning("old"),
				Recorder.throwing(new IllegalStateException("new down")), 7))
			.isInstanceOfSatisfying(MigrationDiscrepancyException.class,
					(ex) -> assertThat(ex.getDiscrepancy().category()).isEqualTo(MismatchCategory.NEW_ERROR));
	}

	@Test
	void raiseOnDiscrepancyRaisesNothingWhenTheSecondaryTimesOut() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, new MigrationSettings(
				Duration.ofMillis(100), true, false, false, true, new DeepEqualsComparator()));
		CountDownLatch never = new CountDownLatch(1);

		assertThat(this.fixture.read(migration, Recorder.returning("old"), Recorder.blocking(never, "new"), 1))
			.isEqualTo("old");
		assertThat(migration.counters().comparisons(ComparisonResult.TIMEOUT)).isEqualTo(1);
	}

	@Test
	void raiseOnDiscrepancyFailsTheFutureOfAnAsynchronousCall() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, settings(false, true));
		CompletableFuture<String> oldFuture = new CompletableFuture<>();

		CompletionStage<?> result = this.fixture.readAsync(migration, () -> oldFuture, Recorder.completing("new"), 7);

		assertThat(result).isNotSameAs(oldFuture);
		oldFuture.complete("old");
		assertThat(result.toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(MigrationDiscrepancyException.class);

		CompletionStage<?> matching = this.fixture.readAsync(migration, Recorder.completing("same"),
				Recorder.completing("same"), 8);
		assertThat(matching.toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("same");
	}

}
