package io.github.phasedmigration.autoconfigure.journal;

import javax.sql.DataSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;

/**
 * The DataSource of the journal, and of the tables that live next to it (the backfills'
 * checkpoints): the one named by {@code migration.journal.data-source}, or the application's.
 */
public final class JournalDataSource {

	private JournalDataSource() {
	}

	/** Finds it, failing with a message that names the setting. */
	public static DataSource resolve(BeanFactory beanFactory, MigrationJournalProperties journal) {
		String name = journal.getDataSource();
		if (name == null) {
			try {
				return beanFactory.getBean(DataSource.class);
			}
			catch (NoUniqueBeanDefinitionException ex) {
				throw new IllegalStateException("The reconciliation journal needs one DataSource, and there are "
						+ ex.getNumberOfBeansFound() + " without a @Primary one: name the journal's with "
						+ "migration.journal.data-source", ex);
			}
		}
		try {
			return beanFactory.getBean(name, DataSource.class);
		}
		catch (NoSuchBeanDefinitionException | BeanNotOfRequiredTypeException ex) {
			throw new IllegalStateException("migration.journal.data-source = '" + name
					+ "' names no DataSource bean (" + ex.getMessage() + "); name an existing DataSource bean, or "
					+ "remove the key to use the application's DataSource");
		}
	}

}
