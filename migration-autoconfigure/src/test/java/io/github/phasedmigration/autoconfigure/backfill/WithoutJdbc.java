package io.github.phasedmigration.autoconfigure.backfill;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.phasedmigration.autoconfigure.PhasedMigrationAutoConfiguration;
import io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.AccountsConfiguration;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.backfill.CheckpointStore;

/**
 * An application with a backfill and nothing of JDBC, run by {@link BackfillWithoutJdbcTests} in a
 * class loader without the JDBC jars: only JDK types cross into and out of it.
 */
public final class WithoutJdbc {

	private WithoutJdbc() {
	}

	/**
	 * Starts the application and backfills the accounts.
	 * @return the start-up failure, or the checkpoint store's and the transaction hook's types and
	 * the rows the backfill copied
	 */
	public static List<String> run() {
		List<String> seen = new CopyOnWriteArrayList<>();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PhasedMigrationAutoConfiguration.class,
					MigrationBackfillAutoConfiguration.class))
			.withUserConfiguration(AccountsConfiguration.class)
			.run((context) -> {
				if (context.getStartupFailure() != null) {
					seen.add("failed: " + context.getStartupFailure());
					return;
				}
				seen.add(context.getBean(CheckpointStore.class).getClass().getSimpleName());
				seen.add((context.getBean(TransactionHook.class) == TransactionHook.NONE) ? "no transactions"
						: "transactions");
				seen.add("copied " + BackfillFixtures.backfillAccounts(context).rowsDone());
			});
		return List.copyOf(seen);
	}

}
