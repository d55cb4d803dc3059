package io.github.phasedmigration.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.phasedmigration.core.compare.ResultComparator;

/**
 * Marks a method (or every public method of a class or interface) as the <em>old</em> side of a
 * phased migration. The <em>new</em> side is the method of the same name and parameter types on
 * the Spring bean of type {@link #newImpl()}.
 *
 * <pre class="code">
 * &#64;PhasedMigration(name = "customer-source", newImpl = PendingPaymentsCustomerSource.class)
 * public List&lt;Long&gt; customersWithPendingPayments() { ... query the orders table ... }
 * </pre>
 *
 * The mode (OLD, SHADOW, REVERSE_SHADOW, NEW) comes from {@code migration.instances.<name>.mode}
 * or from the {@code migrations} Actuator endpoint.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface PhasedMigration {

	/**
	 * Name of the migration, the key under {@code migration.instances}. Lower-case words joined by
	 * dashes, for example {@code customer-source}.
	 */
	String name();

	/** Type of the Spring bean that holds the new implementation. */
	Class<?> newImpl();

	/** Name of the method on {@link #newImpl()} when it differs from the annotated method's. */
	String newMethod() default "";

	/** Whether the method reads or writes; writes are never run concurrently. */
	MigrationKind kind() default MigrationKind.READ;

	/**
	 * Comparator of the two results. A bean of that type is used when there is one, otherwise the
	 * class is instantiated through its no-argument constructor. The default means: the comparator
	 * configured for the migration, or deep equality.
	 */
	Class<? extends ResultComparator> comparator() default ResultComparator.class;

	/**
	 * The migration key of this method: a SpEL expression over its parameters by name, e.g.
	 * {@code #orderId} or {@code #order.customerId}. It names the entity a call is about, so that the
	 * second writes of one key stay in order. Empty means the migration's
	 * {@code migration.instances.<name>.key}, if any.
	 */
	String key() default "";

}
