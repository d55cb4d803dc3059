package io.github.phasedmigration.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown page as GitHub renders it: its headings with the anchors GitHub gives them, and its
 * links and pictures, leaving out what sits in code blocks and code spans.
 */
final class MarkdownPage {

	private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

	private static final Pattern LINK = Pattern.compile("(!?)\\[([^]]*)]\\(([^)\\s]+)\\)");

	private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

	private final Path file;

	/** Heading text by anchor, in page order. */
	private final Map<String, String> headings;

	private final List<Link> links;

	private MarkdownPage(Path file, Map<String, String> headings, List<Link> links) {
		this.file = file;
		this.headings = headings;
		this.links = links;
	}

	static MarkdownPage read(Path file) throws IOException {
		Map<String, String> headings = new LinkedHashMap<>();
		Map<String, Integer> seen = new HashMap<>();
		List<Link> links = new ArrayList<>();
		String fence = null;
		int number = 0;
		for (String line : Files.readAllLines(file)) {
			number++;
			String trimmed = line.strip();
			if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
				fence = trimmed.substring(0, 3);
				continue;
			}
			if (fence != null) {
				if (trimmed.startsWith(fence)) {
					fence = null;
				}
				continue;
			}
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String text = heading.group(2);
				String anchor = anchor(text);
				int repeats = seen.merge(anchor, 1, Integer::sum) - 1;
				headings.put((repeats == 0) ? anchor : anchor + "-" + repeats, text);
			}
			Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
			while (link.find()) {
				links.add(new Link(number, !link.group(1).isEmpty(), link.group(3)));
			}
		}
		return new MarkdownPage(file, headings, links);
	}

	/**
	 * GitHub's anchor of a heading: the text as rendered (a link shows its text, a code span its
	 * code) in lower case, without punctuation other than dashes and underscores, spaces as dashes.
	 */
	static String anchor(String heading) {
		String rendered = LINK.matcher(heading).replaceAll("$2");
		return rendered.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
	}

	Path file() {
		return this.file;
	}

	/** The anchors of the page's headings, a repeated one with {@code -1}, {@code -2}, ... as GitHub numbers them. */
	Map<String, String> headings() {
		return this.headings;
	}

	List<Link> links() {
		return this.links;
	}

	/**
	 * A link or a picture.
	 *
	 * @param line where it is
	 * @param picture whether it is a picture ({@code ![...](...)})
	 * @param target what it points at, as written
	 */
	record Link(int line, boolean picture, String target) {

		boolean external() {
			return this.target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
		}

	}

}
