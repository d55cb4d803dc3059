package io.github.phasedmigration.observability;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README, the pages of {@code docs/} and those of this folder (the runbook among them) link to
 * each other with relative links and GitHub's anchors: every link must reach a committed file and,
 * where it names one, a heading of that file; every picture must be committed. Needs no
 * Prometheus, so it runs in every build.
 */
class DocumentationLinksTest {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private final Map<Path, MarkdownPage> pages = new HashMap<>();

	@Test
	void everyLinkReachesAFileAndItsHeading() throws IOException {
		List<String> broken = new ArrayList<>();
		for (Path file : documentation()) {
			MarkdownPage page = page(file);
			for (MarkdownPage.Link link : page.links()) {
				if (link.external()) {
					continue;
				}
				String problem = problemOf(page, link);
				if (problem != null) {
					broken.add(ROOT.relativize(file) + ":" + link.line() + " " + link.target() + ": " + problem);
				}
			}
		}
		assertThat(broken).as("broken links").isEmpty();
	}

	@Test
	void thePicturesOfThePanelsAreShown() throws IOException {
		List<Path> pictures = new ArrayList<>();
		for (Path file : documentation()) {
			for (MarkdownPage.Link link : page(file).links()) {
				if (link.picture() && !link.external()) {
					pictures.add(file.getParent().resolve(link.target()).normalize());
				}
			}
		}
		assertThat(pictures).filteredOn((picture) -> picture.startsWith(ROOT.resolve("observability/images")))
			.as("pictures of observability/images shown in the documentation")
			.hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy((picture) -> assertThat(picture).isRegularFile());
	}

	private String problemOf(MarkdownPage page, MarkdownPage.Link link) throws IOException {
		String target = link.target();
		int hash = target.indexOf('#');
		String path = (hash >= 0) ? target.substring(0, hash) : target;
		String anchor = (hash >= 0) ? URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8) : null;
		Path file = path.isEmpty() ? page.file() : page.file().getParent().resolve(path).normalize();
		if (!file.startsWith(ROOT)) {
			return "outside the repository";
		}
		if (!Files.exists(file)) {
			return "no such file";
		}
		if (anchor != null) {
			if (!file.toString().endsWith(".md")) {
				return "an anchor into a file that is not Markdown";
			}
			if (!page(file).headings().containsKey(anchor)) {
				return "no heading with the anchor #" + anchor + " in " + ROOT.relativize(file);
			}
		}
		return null;
	}

	private MarkdownPage page(Path file) throws IOException {
		MarkdownPage page = this.pages.get(file);
		if (page == null) {
			page = MarkdownPage.read(file);
			this.pages.put(file, page);
		}
		return page;
	}

	/** The README, docs/ and this folder's pages; benchmarks/ has a report of its own. */
	private static List<Path> documentation() throws IOException {
		List<Path> files = new ArrayList<>();
		files.add(ROOT.resolve("README.md"));
		for (Path folder : List.of(ROOT.resolve("docs"), ROOT.resolve("observability"))) {
			if (!Files.isDirectory(folder)) {
				continue;
			}
			try (Stream<Path> walk = Files.walk(folder)) {
				walk.filter((file) -> file.toString().endsWith(".md"))
					.filter((file) -> !ROOT.relativize(file).toString().contains("target"))
					.forEach((file) -> files.add(file.toAbsolutePath().normalize()));
			}
		}
		return files;
	}

}
