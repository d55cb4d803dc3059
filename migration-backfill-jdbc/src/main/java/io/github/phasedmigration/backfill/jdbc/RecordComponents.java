package io.github.phasedmigration.backfill.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The components of a record type, read and built through method handles: the default values,
 * key and row mapping of a {@link JdbcBackfillTable}, called once per record read or written.
 *
 * @param <R> the record type
 */
final class RecordComponents<R> {

	private final Class<R> type;

	private final RecordComponent[] components;

	private final MethodHandle[] accessors;

	private final MethodHandle constructor;

	private RecordComponents(Class<R> type) {
		this.type = type;
		this.components = type.getRecordComponents();
		this.accessors = new MethodHandle[this.components.length];
		Class<?>[] types = new Class<?>[this.components.length];
		for (int i = 0; i < this.components.length; i++) {
			this.accessors[i] = accessor(type, this.components[i]);
			types[i] = this.components[i].getType();
		}
		this.constructor = constructor(type, types);
	}

	/** The components of {@code type}; {@code null} when it is not a record. */
	static <R> @Nullable RecordComponents<R> of(Class<R> type) {
		return type.isRecord() ? new RecordComponents<>(type) : null;
	}

	int size() {
		return this.components.length;
	}

	RecordComponent component(int index) {
		return this.components[index];
	}

	/** The index of the component that a column names ({@code order_id} names {@code orderId}); -1 if none. */
	int indexOfColumn(String column) {
		String wanted = normalized(column.substring(column.lastIndexOf('.') + 1));
		for (int i = 0; i < this.components.length; i++) {
			if (normalized(this.components[i].getName()).equals(wanted)) {
				return i;
			}
		}
		return -1;
	}

	/** All the component values of a record, in declaration order. */
	Function<R, @Nullable Object[]> values() {
		MethodHandle[] accessors = this.accessors;
		return (record) -> {
			@Nullable Object[] values = new Object[accessors.length];
			for (int i = 0; i < accessors.length; i++) {
				values[i] = invoke(accessors[i], record);
			}
			return values;
		};
	}

	/** The value of one component. */
	<V> Function<R, V> value(int index, Class<V> type) {
		MethodHandle accessor = this.accessors[index];
		return (record) -> type.cast(invoke(accessor, record));
	}

	/** A new record of the given component values, in declaration order. */
	R construct(@Nullable Object[] values) {
		try {
			return this.type.cast(this.constructor.invokeExact(values));
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot create a " + this.type.getName(), ex);
		}
	}

	String describe(int index) {
		return this.type.getSimpleName() + "." + this.components[index].getName() + "()";
	}

	private static @Nullable Object invoke(MethodHandle accessor, Object record) {
		try {
			return (Object) accessor.invokeExact(record);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot read " + accessor + " of " + record, ex);
		}
	}

	private static MethodHandle accessor(Class<?> type, RecordComponent component) {
		try {
			var method = component.getAccessor();
			// records declared private in a class are read too, as DataClassRowMapper creates them
			method.setAccessible(true);
			return MethodHandles.lookup().unreflect(method).asType(MethodType.methodType(Object.class, Object.class));
		}
		catch (IllegalAccessException | RuntimeException ex) {
			throw new IllegalArgumentException("Cannot read the component " + component.getName() + " of "
					+ type.getName() + ": give values(...) and keyOf(...) to the builder", ex);
		}
	}

	private static MethodHandle constructor(Class<?> type, Class<?>[] types) {
		try {
			var constructor = type.getDeclaredConstructor(types);
			constructor.setAccessible(true);
			return MethodHandles.lookup()
				.unreflectConstructor(constructor)
				.asSpreader(Object[].class, types.length)
				.asType(MethodType.methodType(Object.class, Object[].class));
		}
		catch (NoSuchMethodException | IllegalAccessException | RuntimeException ex) {
			throw new IllegalArgumentException("Cannot create records of " + type.getName()
					+ ": give rowMapper(...) to the builder", ex);
		}
	}

	private static String normalized(String name) {
		return name.replace("_", "").toLowerCase(Locale.ROOT);
	}

}
