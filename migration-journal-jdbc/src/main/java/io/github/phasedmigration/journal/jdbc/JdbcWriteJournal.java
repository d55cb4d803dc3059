package io.github.phasedmigration.journal.jdbc;

import java.time.Clock;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.github.phasedmigration.core.InstanceIds;
import io.github.phasedmigration.core.journal.ForwardingWriteJournal;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;

/**
 * A {@link WriteJournal} in the table {@code migration_journal} of a {@link DataSource}: entries
 * survive a restart, and every instance of the application that shares the database shares the
 * journal. Create the table first with the script for the platform, for example:
 *
 * <pre class="code">
 * ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
 *         new DefaultResourceLoader().getResource(JdbcWriteJournal.schemaLocation("postgresql")));
 * populator.execute(dataSource);   // CREATE ... IF NOT EXISTS: safe at every start
 * WriteJournal journal = new JdbcWriteJournal(dataSource, InstanceIds.generate());
 * </pre>
 *
 * <p>
 * Every write runs in a transaction of its own ({@code REQUIRES_NEW} on a
 * {@link DataSourceTransactionManager} of its own), so an entry appended while the caller's
 * transaction on the same {@code DataSource} is open, or already doomed, is committed whatever
 * happens to that transaction. That takes a second connection while the caller holds one: size
 * the pool for it, or give the journal a {@code DataSource} of its own.
 *
 * <p>
 * Claims are leased to an instance id ({@code claimed_by}); how two claimers are kept apart
 * depends on the database, see {@link #claimStrategy()}. A claim also records its time in
 * {@code updated_at}, and settling an entry ({@link #replayed}, {@link #retryLater},
 * {@link #park}) only changes it while it is still held by that claim: after a lease ended and
 * another claimer took an entry over, a late settle changes nothing and is logged at WARN.
 *
 * <p>
 * {@link #hasEntries} is called before every keyed second write, so it answers from memory when
 * it can: it keeps, per migration, whether the table may hold entries of it. {@link #append}
 * raises that at once; {@link #stats()} (and the first {@code hasEntries}) refreshes it from the
 * table. An entry that another instance appended is therefore seen from the next
 * {@code stats()} on; call it periodically (the reconciler does, for its metrics).
 *
 * <p>
 * Times are stored as epoch milliseconds (UTC), so they read back truncated to milliseconds.
 * Keys longer than 255 characters are stored shortened, with a SHA-256 of the whole key, and read
 * back in that form. {@link JournalEntry#liveArguments()} is always {@code null}: decode
 * {@link JournalEntry#arguments()}.
 *
 * <p>
 * It puts the journal together: the table's statements, with the memory of which migrations may
 * have entries in front of them.
 */
public class JdbcWriteJournal extends ForwardingWriteJournal {

	/** The journal's table. */
	public static final String TABLE = "migration_journal";

	private final JournalTable table;

	/**
	 * Creates a journal whose claims carry a {@link InstanceIds#generate() generated} instance id.
	 * @param dataSource where the table is
	 */
	public JdbcWriteJournal(DataSource dataSource) {
		this(dataSource, InstanceIds.generate());
	}

	/**
	 * Creates a journal.
	 * @param dataSource where the table is
	 * @param instanceId who claims, unique among the instances that share the table, at most 100
	 * characters
	 */
	public JdbcWriteJournal(DataSource dataSource, String instanceId) {
		this(dataSource, instanceId, Clock.systemUTC());
	}

	/**
	 * Creates a journal.
	 * @param dataSource where the table is
	 * @param instanceId who claims, unique among the instances that share the table, at most 100
	 * characters
	 * @param clock the time of changes that the {@link WriteJournal} methods give no time for
	 * ({@code updated_at} of a settled entry)
	 */
	public JdbcWriteJournal(DataSource dataSource, String instanceId, Clock clock) {
		this(dataSource, instanceId, clock, UnaryOperator.identity());
	}

	/**
	 * Creates a journal that changes what it detected of its database: tests run the paths of
	 * other databases (the conditional update, paging without {@code LIMIT}) on the real ones.
	 */
	JdbcWriteJournal(DataSource dataSource, String instanceId, Clock clock,
			UnaryOperator<JdbcDialect> dialectCustomizer) {
		this(new JournalTable(dataSource, instanceId, clock, dialectCustomizer));
	}

	private JdbcWriteJournal(JournalTable table) {
		super(new EntryHintsJournal(table));
		this.table = table;
	}

	/**
	 * The location of the script that creates the table, for a {@code ResourceDatabasePopulator}.
	 * @param platform {@code postgresql}, {@code mariadb}, {@code mysql} or {@code h2}, as Spring
	 * Boot's {@code DatabaseDriver.getId()} names them
	 * @return a {@code classpath:} location
	 */
	public static String schemaLocation(String platform) {
		return "classpath:io/github/phasedmigration/journal/jdbc/schema-" + platform + ".sql";
	}

	/** Who this journal claims as. */
	public String instanceId() {
		return this.table.instanceId();
	}

	/**
	 * How this journal claims on its database. Reads the database's metadata on the first call.
	 */
	public ClaimStrategy claimStrategy() {
		return this.table.claimStrategy();
	}

}
