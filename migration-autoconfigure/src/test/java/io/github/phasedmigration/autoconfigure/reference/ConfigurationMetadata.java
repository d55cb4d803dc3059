package io.github.phasedmigration.autoconfigure.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Boot's configuration metadata (the format of {@code META-INF/spring-configuration-metadata.json}):
 * groups, properties and hints, read as JSON. Several files merge into one, as the configuration
 * processor merges {@code additional-spring-configuration-metadata.json} into what it generates.
 */
final class ConfigurationMetadata {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, Group> groups = new LinkedHashMap<>();

	private final Map<String, Property> properties = new LinkedHashMap<>();

	private final Map<String, List<String>> hintValues = new LinkedHashMap<>();

	static ConfigurationMetadata read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return new ConfigurationMetadata().merge(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ConfigurationMetadata of(String json) {
		return new ConfigurationMetadata().merge(JSON.readTree(json));
	}

	ConfigurationMetadata merge(InputStream json) {
		return merge(JSON.readTree(json));
	}

	private ConfigurationMetadata merge(JsonNode root) {
		for (JsonNode group : root.path("groups")) {
			String name = group.path("name").asString();
			this.groups.put(name, new Group(name, text(group, "type"), text(group, "description")));
		}
		for (JsonNode property : root.path("properties")) {
			String name = property.path("name").asString();
			JsonNode defaultValue = property.get("defaultValue");
			this.properties.put(name, new Property(name, text(property, "type"), text(property, "description"),
					(defaultValue != null && !defaultValue.isNull()) ? defaultValue : null, deprecation(property)));
		}
		for (JsonNode hint : root.path("hints")) {
			List<String> values = new ArrayList<>();
			for (JsonNode value : hint.path("values")) {
				values.add(value.path("value").asString());
			}
			this.hintValues.put(hint.path("name").asString(), values);
		}
		return this;
	}

	/** The properties, by name. */
	List<Property> properties() {
		return this.properties.values().stream().sorted(Comparator.comparing(Property::name)).toList();
	}

	/** The groups, by name. */
	List<Group> groups() {
		return this.groups.values().stream().sorted(Comparator.comparing(Group::name)).toList();
	}

	@Nullable Group group(String name) {
		return this.groups.get(name);
	}

	/**
	 * The values the hints offer for a property: its own hint, or for a key of a map's values
	 * ({@code a.b.*.c}) the hint that Spring Boot names {@code a.b.values.c}.
	 */
	List<String> hintValues(String property) {
		List<String> values = this.hintValues.get(property);
		if (values == null && property.contains(".*.")) {
			values = this.hintValues.get(property.replace(".*.", ".values."));
		}
		return (values != null) ? values : List.of();
	}

	/**
	 * The group a property is listed under: the longest group whose name prefixes it, else the
	 * property's parent path.
	 */
	String groupOf(Property property) {
		String best = null;
		for (String group : this.groups.keySet()) {
			if (property.name().startsWith(group + ".") && (best == null || group.length() > best.length())) {
				best = group;
			}
		}
		if (best != null) {
			return best;
		}
		int dot = property.name().lastIndexOf('.');
		return (dot > 0) ? property.name().substring(0, dot) : property.name();
	}

	private static @Nullable Deprecation deprecation(JsonNode property) {
		JsonNode deprecation = property.get("deprecation");
		if (deprecation != null && deprecation.isObject()) {
			return new Deprecation(text(deprecation, "level"), text(deprecation, "reason"),
					text(deprecation, "replacement"), text(deprecation, "since"));
		}
		return property.path("deprecated").asBoolean(false) ? new Deprecation(null, null, null, null) : null;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

	record Group(String name, @Nullable String type, @Nullable String description) {
	}

	record Property(String name, @Nullable String type, @Nullable String description, @Nullable JsonNode defaultValue,
			@Nullable Deprecation deprecation) {
	}

	/** A deprecation; {@code level} {@code error} means the property is no longer bound. */
	record Deprecation(@Nullable String level, @Nullable String reason, @Nullable String replacement,
			@Nullable String since) {
	}

}
