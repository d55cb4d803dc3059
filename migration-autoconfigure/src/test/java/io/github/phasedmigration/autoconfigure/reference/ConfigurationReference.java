package io.github.phasedmigration.autoconfigure.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;

import io.github.phasedmigration.autoconfigure.reference.ConfigurationMetadata.Deprecation;
import io.github.phasedmigration.autoconfigure.reference.ConfigurationMetadata.Group;
import io.github.phasedmigration.autoconfigure.reference.ConfigurationMetadata.Property;

/**
 * Renders configuration metadata as Markdown, as Spring Boot renders its appendix of application
 * properties from the same files: one table per group (key, type, default, description), groups
 * and keys in alphabetical order, deprecated keys marked. A map property is listed as
 * {@code name.*}, with a link to the keys of its values when the metadata lists them.
 */
final class ConfigurationReference {

	/** Package prefixes of qualified type names: {@code java.time.Duration} is shown as {@code Duration}. */
	private static final Pattern PACKAGE = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+(?=[A-Z])");

	private ConfigurationReference() {
	}

	static String render(ConfigurationMetadata metadata) {
		Map<String, List<Property>> byGroup = new TreeMap<>();
		for (Property property : metadata.properties()) {
			byGroup.computeIfAbsent(metadata.groupOf(property), (group) -> new ArrayList<>()).add(property);
		}
		StringBuilder markdown = new StringBuilder();
		byGroup.forEach((name, properties) -> {
			markdown.append("### `").append(name).append("`\n\n");
			Group group = metadata.group(name);
			if (group != null && group.description() != null) {
				markdown.append(cell(group.description())).append("\n\n");
			}
			markdown.append("| key | type | default | description |\n|---|---|---|---|\n");
			for (Property property : properties) {
				markdown.append("| `").append(key(property)).append("` | ")
					.append(code(type(property.type())))
					.append(" | ")
					.append(code(defaultValue(property.defaultValue())))
					.append(" | ")
					.append(description(metadata, property))
					.append(" |\n");
			}
			markdown.append('\n');
		});
		return markdown.toString().stripTrailing() + "\n";
	}

	/**
	 * GitHub's anchor of a heading: lower case, punctuation other than dashes and underscores
	 * dropped, spaces to dashes (a repeated heading gets {@code -1}, {@code -2}, ...).
	 */
	static String anchor(String heading) {
		return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
	}

	private static String key(Property property) {
		return isMap(property) ? property.name() + ".*" : property.name();
	}

	private static boolean isMap(Property property) {
		return property.type() != null && property.type().startsWith("java.util.Map<");
	}

	private static String description(ConfigurationMetadata metadata, Property property) {
		StringBuilder text = new StringBuilder();
		Deprecation deprecation = property.deprecation();
		if (deprecation != null) {
			text.append("error".equals(deprecation.level()) ? "**Deprecated, no longer bound**" : "**Deprecated**");
			if (deprecation.since() != null) {
				text.append(" since ").append(cell(deprecation.since()));
			}
			text.append('.');
			if (deprecation.reason() != null) {
				text.append(' ').append(sentence(deprecation.reason()));
			}
			if (deprecation.replacement() != null) {
				text.append(" Use `").append(deprecation.replacement()).append("` instead.");
			}
			text.append(' ');
		}
		if (property.description() != null) {
			text.append(cell(property.description()));
		}
		List<String> values = metadata.hintValues(property.name());
		if (values.isEmpty()) {
			values = enumValues(property.type());
		}
		if (!values.isEmpty()) {
			text.append(" Values: ").append(String.join(", ", values.stream().map(ConfigurationReference::code).toList()))
				.append('.');
		}
		String mapValues = property.name() + ".*";
		if (isMap(property) && metadata.group(mapValues) != null) {
			text.append(" The keys of each entry: [`").append(mapValues).append("`](#").append(anchor(mapValues))
				.append(").");
		}
		return text.toString().strip();
	}

	/** The constants of an enum type, as written in YAML: lower case, dashes. */
	private static List<String> enumValues(@Nullable String type) {
		if (type == null || type.contains("<")) {
			return List.of();
		}
		try {
			Class<?> resolved = ClassUtils.forName(type, ConfigurationReference.class.getClassLoader());
			if (!resolved.isEnum()) {
				return List.of();
			}
			List<String> values = new ArrayList<>();
			for (Object constant : resolved.getEnumConstants()) {
				values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
			}
			return values;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return List.of(); // a type of an optional dependency that is absent: no values to list
		}
	}

	private static String type(@Nullable String type) {
		if (type == null) {
			return "";
		}
		return PACKAGE.matcher(type).replaceAll("").replace('$', '.').replace(",", ", ");
	}

	private static String defaultValue(@Nullable JsonNode value) {
		if (value == null) {
			return "";
		}
		if (value.isArray()) {
			List<String> elements = new ArrayList<>();
			value.forEach((element) -> elements.add(element.asString()));
			return String.join(", ", elements);
		}
		return value.isNumber() ? value.toString() : value.asString();
	}

	private static String code(String text) {
		return text.isEmpty() ? "" : "`" + text.replace("|", "\\|") + "`";
	}

	private static String sentence(String text) {
		String cell = cell(text);
		return cell.endsWith(".") ? cell : cell + ".";
	}

	/** Text fit for a table cell: one line, no pipe that would end the cell, no tag for GitHub to swallow. */
	private static String cell(String text) {
		return text.strip().replaceAll("\\s+", " ").replace("|", "\\|").replace("<", "&lt;");
	}

}
