package io.github.phasedmigration.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

import io.github.phasedmigration.core.InvalidSettingException;

/**
 * Validates bound properties with the core's settings records, which are the one place where a
 * value is checked: what a record rejects ({@link InvalidSettingException}) becomes an error on
 * the property that holds the value, its message naming the key, the value and what is allowed.
 *
 * <pre class="code">
 * SettingErrors.check(errors, "executor.", "migration.executor.", executor::toSettings);
 * // Property: migration.executor.threads ... Reason: migration.executor.threads must be at least 1, was 0
 * </pre>
 */
public final class SettingErrors {

	private SettingErrors() {
	}

	/**
	 * Builds settings from bound values.
	 * @param path where the values are in the validated object: {@code ""}, or a bean path ending
	 * with a dot, e.g. {@code "instances[pricing]."}
	 * @param key their configuration key, ending with a dot, e.g.
	 * {@code "migration.instances.pricing."}
	 * @param settings builds the record from the values
	 * @return the settings, or {@code null} when they were rejected (the error is then in
	 * {@code errors})
	 */
	public static <T> @Nullable T check(Errors errors, String path, String key, Supplier<T> settings) {
		try {
			return settings.get();
		}
		catch (InvalidSettingException ex) {
			reject(errors, path, key, ex);
			return null;
		}
	}

	/** Records a rejected value as an error on the property that holds it. */
	public static void reject(Errors errors, String path, String key, InvalidSettingException ex) {
		String field = path + propertyPath(ex.setting());
		String message = ex.prefixed(key).getMessage();
		Object value = errors.getFieldValue(field);
		if (value != null && Inputs.hasControlCharacters(value.toString()) && errors instanceof BindingResult result) {
			// shown escaped, as the message shows it: a failure report must not carry them into a terminal or log
			result.addError(new FieldError(result.getObjectName(), result.getNestedPath() + field,
					Inputs.printable(value.toString()), false, result.resolveMessageCodes("invalid", field), null,
					message));
			return;
		}
		errors.rejectValue(field, "invalid", message);
	}

	/** A setting's bean path: {@code auto-rollback.after-failing-windows} as {@code autoRollback.afterFailingWindows}. */
	static String propertyPath(String setting) {
		StringBuilder path = new StringBuilder(setting.length());
		boolean upper = false;
		for (char c : setting.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

}
