package io.github.phasedmigration.autoconfigure;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.autoconfigure.replay.JournaledWriteMethod;
import io.github.phasedmigration.core.CallKey;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.ResultShape;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.registry.Migration;

/**
 * An annotated method resolved against its new implementation, checked once at start-up.
 *
 * @param migration the migration it belongs to
 * @param description short form, e.g. {@code OrderRepository.findPending(long)}
 * @param kind read or write
 * @param shape what it returns: a value, a CompletionStage, a Mono or a Flux
 * @param newBean the new implementation's bean
 * @param newMethod the method to call on it
 * @param comparator the annotation's own comparator, if any
 * @param writeMethod how the journal names, keys and encodes it; {@code null} for reads
 * @param callKey its migration key, {@code null} when it has none
 */
record MigrationMethod(Migration migration, String description, MigrationKind kind, ResultShape shape, Object newBean,
		Method newMethod, @Nullable ResultComparator comparator, @Nullable JournaledWriteMethod writeMethod,
		@Nullable CallKey callKey) {

	Invoker newInvoker(Object[] arguments) {
		return () -> AopUtils.invokeJoinpointUsingReflection(this.newBean, this.newMethod, arguments);
	}

}
