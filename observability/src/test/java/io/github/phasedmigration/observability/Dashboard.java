package io.github.phasedmigration.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Grafana dashboard file: its panels, template variables and PromQL queries. */
final class Dashboard {

	/** {@code $name}, {@code ${name}}, {@code ${name:format}} and the old {@code [[name]]}. */
	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

	private final String text;

	private final JsonNode root;

	private Dashboard(String text, JsonNode root) {
		this.text = text;
		this.root = root;
	}

	/** Reads the file; a malformed one fails here, naming the problem. */
	static Dashboard load(Path file) throws IOException {
		String text = Files.readString(file);
		return new Dashboard(text, JsonMapper.builder().build().readTree(text));
	}

	JsonNode root() {
		return this.root;
	}

	/** Every panel, rows included, and the panels inside collapsed rows. */
	List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : this.root.path("panels")) {
			panels.add(panel);
			panel.path("panels").forEach(panels::add);
		}
		return panels;
	}

	/** The panel with that title. */
	JsonNode panel(String title) {
		return panels().stream()
			.filter((panel) -> title.equals(panel.path("title").asString()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("The dashboard has no panel titled '" + title + "'"));
	}

	/** Every query of every panel, with the title of the row the panel sits in. */
	List<Query> queries() {
		List<Query> queries = new ArrayList<>();
		String row = "";
		for (JsonNode panel : panels()) {
			if ("row".equals(panel.path("type").asString())) {
				row = panel.path("title").asString();
			}
			for (JsonNode target : panel.path("targets")) {
				queries.add(new Query(panel.path("title").asString(), target.path("refId").asString(),
						target.path("expr").asString(), target.path("legendFormat").asString(), row));
			}
		}
		return queries;
	}

	/** The queries of the annotations on the datasource (Grafana's own built-in one has none). */
	List<Query> annotationQueries() {
		List<Query> queries = new ArrayList<>();
		for (JsonNode annotation : this.root.path("annotations").path("list")) {
			String expr = annotation.path("expr").asString();
			if (!expr.isEmpty()) {
				queries.add(new Query("annotation " + annotation.path("name").asString(), "", expr,
						annotation.path("titleFormat").asString(), ""));
			}
		}
		return queries;
	}

	/** The template variables. */
	List<JsonNode> variables() {
		List<JsonNode> variables = new ArrayList<>();
		this.root.path("templating").path("list").forEach(variables::add);
		return variables;
	}

	/** The query of a query variable, such as {@code label_values(migration_mode, migration)}. */
	static String variableQuery(JsonNode variable) {
		JsonNode query = variable.path("query");
		return query.isObject() ? query.path("query").asString() : query.asString();
	}

	/** Names of the variables the dashboard refers to anywhere, as {@code $name} or {@code ${name}}. */
	Set<String> usedVariables() {
		Set<String> used = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(this.text);
		while (matcher.find()) {
			used.add(name(matcher));
		}
		return used;
	}

	/** The expression with its variables replaced; a variable that is not in the map stays as it is. */
	static String substitute(String expr, Map<String, String> values) {
		Matcher matcher = VARIABLE.matcher(expr);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = values.get(name(matcher));
			matcher.appendReplacement(out, Matcher.quoteReplacement((value != null) ? value : matcher.group()));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private static String name(Matcher matcher) {
		for (int group = 1; group <= 3; group++) {
			if (matcher.group(group) != null) {
				return matcher.group(group);
			}
		}
		throw new IllegalStateException(matcher.group());
	}

	/**
	 * A PromQL query of the dashboard.
	 *
	 * @param panel the title of its panel
	 * @param refId its id in the panel
	 * @param expr its PromQL, with variables
	 * @param legendFormat how Grafana names its series
	 * @param row the title of the row of its panel
	 */
	record Query(String panel, String refId, String expr, String legendFormat, String row) {

		@Override
		public String toString() {
			return "'" + this.panel + "' " + this.refId + ": " + this.expr;
		}

	}

}
