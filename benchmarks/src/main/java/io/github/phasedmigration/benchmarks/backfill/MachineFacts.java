package io.github.phasedmigration.benchmarks.backfill;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The facts about the machine that the reports print, in the words of {@code run.sh}'s
 * {@code run.properties}: {@code 2 cores (Intel(R) Xeon(R) Processor), 24 GiB, Linux 6.18.44}.
 */
final class MachineFacts {

	private MachineFacts() {
	}

	/** Cores, CPU model, memory and kernel. */
	static String machine() {
		String cpu = "unknown CPU";
		String memory = "unknown memory";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse(cpu);
			memory = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal:"))
				.map((line) -> String.format(Locale.ROOT, "%.0f GiB",
						Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0))
				.findFirst()
				.orElse(memory);
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: the cores and the system still say something
		}
		return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + ", "
				+ System.getProperty("os.name") + " " + System.getProperty("os.version");
	}

	/** The JVM, as {@code java -version} names it on its first line. */
	static String java() {
		return System.getProperty("java.runtime.name", "Java") + " " + System.getProperty("java.runtime.version");
	}

	/** The CPU time of this process so far, all its threads, in nanoseconds; -1 when the JVM cannot tell. */
	static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return -1;
	}

	/** The machine's load average over the last minute (Linux), -1 when unknown: a busy machine shows here. */
	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
