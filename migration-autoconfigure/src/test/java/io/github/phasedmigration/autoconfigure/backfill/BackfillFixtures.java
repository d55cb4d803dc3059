package io.github.phasedmigration.autoconfigure.backfill;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.BackfillStatus;
import io.github.phasedmigration.core.backfill.BackfillStore;
import io.github.phasedmigration.core.backfill.run.Backfills;

/**
 * Applications with backfills: an {@code accounts} migration whose two sides are tables in memory
 * ({@link AccountTables}, old holding accounts 1 to {@value #ACCOUNTS_IN_OLD} at start-up, new empty),
 * and backfills that cannot work.
 */
public final class BackfillFixtures {

	public static final String ACCOUNTS = "accounts";

	/** Accounts in old at start-up. */
	public static final int ACCOUNTS_IN_OLD = 5;

	private BackfillFixtures() {
	}

	/** Waits for backfills and verifies, which run on threads of their own. */
	public static ConditionFactory eventually() {
		return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10));
	}

	public static Backfills backfills(AssertableApplicationContext context) {
		return context.getBean(BackfillLifecycle.class).backfills();
	}

	public static BackfillStatus status(AssertableApplicationContext context, String migration) {
		return backfills(context).status(migration);
	}

	/**
	 * Waits until no backfill or verify runs: their listeners (metrics among them) have heard all
	 * they did, which is not yet so when a status or report first says the end.
	 */
	public static void awaitIdle(AssertableApplicationContext context) {
		Backfills backfills = backfills(context);
		eventually().until(() -> backfills.awaitIdle(Duration.ZERO));
	}

	/** Starts the backfill of accounts and waits until it completed. */
	public static BackfillStatus backfillAccounts(AssertableApplicationContext context) {
		backfills(context).start(ACCOUNTS, false);
		awaitIdle(context);
		BackfillStatus status = status(context, ACCOUNTS);
		if (status.state() != BackfillState.COMPLETED) {
			throw new AssertionError("Backfill did not complete: " + status);
		}
		return status;
	}

	public record Account(long id, String owner) {
	}

	/** One side of accounts, keyed and ordered by id, that counts its reads and fails them on demand. */
	public static final class AccountTable implements BackfillStore<Long, Account> {

		private final ConcurrentSkipListMap<Long, Account> accounts = new ConcurrentSkipListMap<>();

		private final AtomicInteger reads = new AtomicInteger();

		private volatile @Nullable RuntimeException readFailure;

		public void put(long id, String owner) {
			this.accounts.put(id, new Account(id, owner));
		}

		public void remove(long id) {
			this.accounts.remove(id);
		}

		public Map<Long, Account> snapshot() {
			return new TreeMap<>(this.accounts);
		}

		/** Makes every read throw this; {@code null} to read again. */
		public void failReads(@Nullable RuntimeException failure) {
			this.readFailure = failure;
		}

		/** Calls of {@link #readAfter} so far. */
		public int reads() {
			return this.reads.get();
		}

		@Override
		public List<Account> readAfter(@Nullable Long after, int limit) {
			this.reads.incrementAndGet();
			RuntimeException failure = this.readFailure;
			if (failure != null) {
				throw failure;
			}
			Map<Long, Account> rest = (after != null) ? this.accounts.tailMap(after, false) : this.accounts;
			return rest.values().stream().limit(limit).toList();
		}

		@Override
		public Long keyOf(Account record) {
			return record.id();
		}

		@Override
		public long estimateCount() {
			return this.accounts.size();
		}

		@Override
		public void upsert(List<Account> records) {
			records.forEach((account) -> this.accounts.put(account.id(), account));
		}

		@Override
		public void insertMissing(List<Account> records) {
			records.forEach((account) -> this.accounts.putIfAbsent(account.id(), account));
		}

		@Override
		public void delete(List<Long> keys) {
			keys.forEach(this.accounts::remove);
		}

	}

	/** Both sides of accounts. */
	public static final class AccountTables {

		private final AccountTable oldSide = new AccountTable();

		private final AccountTable newSide = new AccountTable();

		public AccountTables() {
			for (long id = 1; id <= ACCOUNTS_IN_OLD; id++) {
				this.oldSide.put(id, "owner " + id);
			}
		}

		public AccountTable oldSide() {
			return this.oldSide;
		}

		public AccountTable newSide() {
			return this.newSide;
		}

	}

	/** Reads accounts: the migration that the backfill belongs to. */
	public static class OldAccountDirectory {

		private final AccountTables tables;

		public OldAccountDirectory(AccountTables tables) {
			this.tables = tables;
		}

		@PhasedMigration(name = BackfillFixtures.ACCOUNTS, newImpl = NewAccountDirectory.class)
		public @Nullable String ownerOf(long id) {
			Account account = this.tables.oldSide().snapshot().get(id);
			return (account != null) ? account.owner() : null;
		}

	}

	public static class NewAccountDirectory {

		private final AccountTables tables;

		public NewAccountDirectory(AccountTables tables) {
			this.tables = tables;
		}

		public @Nullable String ownerOf(long id) {
			Account account = this.tables.newSide().snapshot().get(id);
			return (account != null) ? account.owner() : null;
		}

	}

	/** The accounts migration and its backfill from old's table to new's. */
	@Configuration(proxyBeanMethods = false)
	public static class AccountsConfiguration {

		@Bean
		AccountTables accountTables() {
			return new AccountTables();
		}

		@Bean
		OldAccountDirectory oldAccountDirectory(AccountTables tables) {
			return new OldAccountDirectory(tables);
		}

		@Bean
		NewAccountDirectory newAccountDirectory(AccountTables tables) {
			return new NewAccountDirectory(tables);
		}

		@Bean
		Backfill<Long, Account> accountsBackfill(AccountTables tables) {
			return Backfill.<Long, Account>of(BackfillFixtures.ACCOUNTS, Long.class)
				.from(tables.oldSide())
				.to(tables.newSide())
				.build();
		}

	}

	/** A backfill of a migration that no annotated method declares. */
	@Configuration(proxyBeanMethods = false)
	public static class UndeclaredMigrationConfiguration {

		@Bean
		Backfill<Long, Account> ghostBackfill() {
			AccountTable table = new AccountTable();
			return Backfill.<Long, Account>of("ghost", Long.class).from(table).to(table).build();
		}

	}

	/** A second backfill of accounts. */
	@Configuration(proxyBeanMethods = false)
	public static class SecondAccountsBackfillConfiguration {

		@Bean
		Backfill<Long, Account> otherAccountsBackfill() {
			AccountTable table = new AccountTable();
			return Backfill.<Long, Account>of(BackfillFixtures.ACCOUNTS, Long.class).from(table).to(table).build();
		}

	}

}
