package io.github.phasedmigration.observability;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** A Prometheus rule file: its recording and alert rules, as written. */
final class RuleFile {

	private final Map<String, Object> document;

	private RuleFile(Map<String, Object> document) {
		this.document = document;
	}

	static RuleFile load(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new RuleFile(new Yaml().load(reader));
		}
	}

	/** Every rule of every group, in order. */
	List<Rule> rules() {
		List<Rule> rules = new ArrayList<>();
		for (Map<String, Object> group : groups()) {
			for (Map<String, Object> rule : rulesOf(group)) {
				boolean alert = rule.containsKey("alert");
				rules.add(new Rule((String) group.get("name"), (String) rule.get(alert ? "alert" : "record"), alert,
						rule.get("expr").toString().strip(), (String) rule.get("for"), strings(rule.get("labels")),
						strings(rule.get("annotations"))));
			}
		}
		return rules;
	}

	List<Rule> alerts() {
		return rules().stream().filter(Rule::alert).toList();
	}

	/**
	 * Writes a copy in which every alert holds for the given time instead of its own: the check runs
	 * for minutes, the rules' {@code for} clauses are minutes long. The expressions stay as written.
	 */
	void writeWithFor(Path target, String holdFor) throws IOException {
		Map<String, Object> copy = new Yaml().load(new Yaml().dump(this.document));
		for (Map<String, Object> group : new RuleFile(copy).groups()) {
			for (Map<String, Object> rule : rulesOf(group)) {
				if (rule.containsKey("alert")) {
					rule.put("for", holdFor);
				}
			}
		}
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		try (Writer writer = Files.newBufferedWriter(target)) {
			new Yaml(options).dump(copy, writer);
		}
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> groups() {
		return (List<Map<String, Object>>) this.document.get("groups");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rulesOf(Map<String, Object> group) {
		return (List<Map<String, Object>>) group.get("rules");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> strings(Object map) {
		Map<String, String> strings = new LinkedHashMap<>();
		if (map != null) {
			((Map<String, Object>) map).forEach((key, value) -> strings.put(key, String.valueOf(value)));
		}
		return strings;
	}

	/**
	 * A recording or alert rule.
	 *
	 * @param group its group
	 * @param name the recorded series or the alert
	 * @param alert whether it is an alert
	 * @param expr its PromQL
	 * @param holdFor the alert's {@code for}, {@code null} when none
	 * @param labels the labels it adds
	 * @param annotations an alert's annotations
	 */
	record Rule(String group, String name, boolean alert, String expr, String holdFor, Map<String, String> labels,
			Map<String, String> annotations) {
	}

}
