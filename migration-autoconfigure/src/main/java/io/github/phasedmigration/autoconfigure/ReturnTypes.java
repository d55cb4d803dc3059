package io.github.phasedmigration.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import org.springframework.util.ClassUtils;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.autoconfigure.MigrationMethods.InvalidDeclarationException;
import io.github.phasedmigration.core.ResultShape;

/**
 * Tells how the engine waits for a migrated method from its declared return type, and refuses at
 * start-up the types whose work it could not wait for. Reactor's types are recognised by name, so
 * that an application without Reactor never loads them.
 */
final class ReturnTypes {

	private static final String MONO = "reactor.core.publisher.Mono";

	private static final String FLUX = "reactor.core.publisher.Flux";

	private static final String PUBLISHER = "org.reactivestreams.Publisher";

	private ReturnTypes() {
	}

	static ResultShape shape(String where, Class<?> type, MigrationKind kind) {
		if (CompletionStage.class.isAssignableFrom(type)) {
			if (!type.isAssignableFrom(CompletableFuture.class)) {
				throw refused(where, type);
			}
			return ResultShape.COMPLETION_STAGE;
		}
		if (type.getName().equals(MONO)) {
			return ResultShape.MONO;
		}
		if (type.getName().equals(FLUX)) {
			if (kind == MigrationKind.WRITE) {
				throw new InvalidDeclarationException(where + ": a WRITE method returns " + type.getName()
						+ "; reactive writes must return Mono (the second write follows the first one's completion, "
						+ "and a stream of writes has no single completion to order it by)");
			}
			return ResultShape.FLUX;
		}
		if (Future.class.isAssignableFrom(type) || isPublisher(type)) {
			throw refused(where, type);
		}
		return ResultShape.VALUE;
	}

	private static InvalidDeclarationException refused(String where, Class<?> type) {
		return new InvalidDeclarationException(where + ": returns " + type.getName() + "; asynchronous migrated "
				+ "methods must declare CompletionStage, CompletableFuture, Mono or Flux (other future and reactive "
				+ "types are not supported: their work would not be awaited)");
	}

	private static boolean isPublisher(Class<?> type) {
		if (type.getName().equals(PUBLISHER)) {
			return true;
		}
		for (Class<?> candidate : ClassUtils.getAllInterfacesForClassAsSet(type)) {
			if (candidate.getName().equals(PUBLISHER)) {
				return true;
			}
		}
		return false;
	}

}
