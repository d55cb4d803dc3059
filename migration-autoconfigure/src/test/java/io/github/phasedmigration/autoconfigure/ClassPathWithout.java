package io.github.phasedmigration.autoconfigure;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The test class path without some artifacts, in a class loader of its own, for a dependency that is
 * really absent. A {@code FilteredClassLoader} cannot show that: this module's classes come from the
 * application class loader, which links them against everything on the test class path. Only JDK
 * types should cross into and out of {@link #call}.
 */
public final class ClassPathWithout {

	private ClassPathWithout() {
	}

	/**
	 * A class loader of the test class path less the named artifacts: jars named
	 * {@code <artifact>-<version>.jar}, or a reactor module's {@code <artifact>/target/...} folder.
	 */
	public static URLClassLoader artifacts(String... artifacts) {
		Set<String> hidden = Set.of(artifacts);
		URL[] urls = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.map(Path::of)
			.filter((entry) -> hidden.stream().noneMatch((artifact) -> isOf(entry, artifact)))
			.map(ClassPathWithout::url)
			.toArray(URL[]::new);
		return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
	}

	/** Calls the static no-argument method of the named class as loaded by the loader, as its context loader. */
	@SuppressWarnings("unchecked")
	public static List<String> call(ClassLoader loader, Class<?> type, String method) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			return (List<String>) loader.loadClass(type.getName()).getMethod(method).invoke(null);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static boolean isOf(Path entry, String artifact) {
		String name = entry.getFileName().toString();
		if (name.endsWith(".jar")) {
			// the version starts with a digit: spring-boot-jdbc-4.1.2.jar is not spring-boot-4.1.2.jar
			return name.startsWith(artifact + "-") && Character.isDigit(name.charAt(artifact.length() + 1));
		}
		Path target = entry.getParent();
		Path module = (target != null) ? target.getParent() : null;
		return module != null && module.getFileName() != null && module.getFileName().toString().equals(artifact);
	}

	private static URL url(Path entry) {
		try {
			return entry.toUri().toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
