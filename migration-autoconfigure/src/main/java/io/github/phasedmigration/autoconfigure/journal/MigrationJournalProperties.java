package io.github.phasedmigration.autoconfigure.journal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.github.phasedmigration.autoconfigure.SettingErrors;
import io.github.phasedmigration.core.InstanceIds;

/**
 * The durable reconciliation journal, under {@code migration.journal}: where its table lives, when
 * the table is created (the backfills' checkpoint table follows the same rule) and this instance's
 * name in its claims. Bound only where spring-boot-sql is present, since
 * {@link DatabaseInitializationMode} comes from it; the reconciler's settings are
 * {@code MigrationReconcilerProperties} and the health indicator's
 * {@link MigrationJournalHealthProperties}.
 *
 * <pre class="code">
 * migration:
 *   journal:
 *     data-source: ordersDataSource
 *     initialize-schema: never
 * </pre>
 */
@ConfigurationProperties("migration.journal")
public class MigrationJournalProperties implements Validator {

	/**
	 * Name of the DataSource bean that holds the journal table. Default: the application's
	 * (primary) DataSource.
	 */
	private @Nullable String dataSource;

	/**
	 * When to create the journal table if it is missing: EMBEDDED (embedded databases only),
	 * ALWAYS or NEVER (you run the shipped script with Flyway or Liquibase).
	 */
	private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

	/** Name of this instance in the journal's claims. Default: host name, process id and a random suffix. */
	private @Nullable String instanceId;

	public @Nullable String getDataSource() {
		return this.dataSource;
	}

	public void setDataSource(@Nullable String dataSource) {
		this.dataSource = dataSource;
	}

	public DatabaseInitializationMode getInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	/** This instance's name: the configured one, else a new one. */
	public String instanceIdOrGenerate() {
		return (this.instanceId != null) ? this.instanceId : InstanceIds.generate();
	}

	@Override
	public boolean supports(Class<?> type) {
		return MigrationJournalProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		String id = ((MigrationJournalProperties) target).instanceId;
		if (id != null) {
			SettingErrors.check(errors, "", "migration.journal.", () -> InstanceIds.check(id));
		}
	}

}
